# R references for issue 16 c) d): glm (IRLS to epsilon 1e-14) and glmnet (alpha = 0, standardize = FALSE,
# thresh 1e-14) on data handed over by issue16_glm.py as hex doubles. Family from argument 2.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "refcommon.R"))
suppressMessages(library(glmnet))
fam_name <- args[2]
X <- rd("X"); y <- drop(rd("y")); off <- drop(rd("offset")); lams <- drop(rd("lambdas"))
fam <- switch(fam_name, poisson = poisson(link = "log"), gamma = Gamma(link = "log"))
fit <- glm(y ~ X, family = fam, offset = off, control = glm.control(epsilon = 1e-14, maxit = 500))
stopifnot(fit$converged)
b <- coef(fit)
wr("glm", matrix(c(b[-1], b[1]), nrow = 1))
wr("glm_info", matrix(c(fit$iter, fit$deviance, fit$null.deviance), nrow = 1))
res <- NULL
# tighter outer (IRLS) loop for glmnet's general-family path (Gamma); defaults are epsnr 1e-8, mxitnr 25
glmnet.control(epsnr = 1e-14, mxitnr = 1000)
for (lam in lams) {
  g <- glmnet(X, y, family = if (fam_name == "poisson") "poisson" else fam, offset = off, alpha = 0,
              lambda = lam, standardize = FALSE, thresh = 1e-14, maxit = 10000000)
  res <- rbind(res, c(as.numeric(g$beta[, 1]), g$a0[1]))
}
wr("glmnet", res)
