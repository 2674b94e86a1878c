# R's summary(glm(...)) for issue 19, on data handed over as hex doubles. Arguments: exchange folder, family
# (binomial|gaussian|poisson|gamma). Inputs X, y (0/1 for binomial), offset. Outputs: coef (estimate, se, stat,
# p), ci_wald (estimate -/+ q se, q = qnorm(0.975) or qt(0.975, df.residual) as summary uses z or t),
# ci_default (confint.default: always qnorm), scalars (dispersion, df.residual, deviance, null.deviance, aic, iter).
# Rows: the intercept last (fullbatch's order: features 1..d, then the intercept).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "refcommon.R"))
fam <- switch(args[2], binomial = binomial(), gaussian = gaussian(), poisson = poisson(),
              gamma = Gamma(link = "log"))
X <- rd("X"); y <- drop(rd("y")); off <- drop(rd("offset"))
fit <- glm(y ~ X, family = fam, offset = off, control = glm.control(epsilon = 1e-14, maxit = 500))
stopifnot(fit$converged)
# summary.glm uses the IRLS weights of the LAST iteration, evaluated at the iterate BEFORE the final update; with
# the deviance criterion that iterate is ~sqrt(epsilon) away, which moves standard errors by up to ~1e-7 relative.
# Restarting glm at its own optimum until the coefficients stop moving evaluates the weights at the optimum itself
# (Fisher scoring converges only linearly for a non-canonical link such as Gamma's log, hence the loop).
se_first <- summary(fit)$coefficients[, 2]
restarts <- 0
repeat {
  old <- coef(fit)
  fit <- glm(y ~ X, family = fam, offset = off, start = old, control = glm.control(epsilon = 1e-14, maxit = 500))
  restarts <- restarts + 1
  if (max(abs(coef(fit) - old)) <= 1e-15 * max(abs(old)) || restarts >= 200) break
}
stopifnot(fit$converged)
s <- summary(fit)
cf <- s$coefficients
ord <- c(2:nrow(cf), 1)
cf <- cf[ord, , drop = FALSE]
q <- if (s$df[2] > 0 && args[2] %in% c("gaussian", "gamma")) qt(0.975, s$df.residual) else qnorm(0.975)
wr("coef", cf)
wr("se_first", matrix(se_first[ord], ncol = 1))
wr("ci_wald", cbind(cf[, 1] - q * cf[, 2], cf[, 1] + q * cf[, 2]))
wr("ci_default", confint.default(fit)[ord, , drop = FALSE])
wr("scalars", matrix(c(s$dispersion, s$df.residual, fit$deviance, fit$null.deviance, fit$aic, fit$iter, q, restarts), 1))
