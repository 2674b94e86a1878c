# glmnet / cv.glmnet runs for issues 16 g) and 18, on data handed over by the Python side as hex doubles.
# Arguments: exchange folder, family (binomial|gaussian), alpha. Inputs: X, y (0/1 for binomial), pf, lambdas
# (an explicit sequence; empty = glmnet's default), optionally foldid (1-based). Always standardize = FALSE,
# thresh = 1e-14, maxit = 1e7. Outputs: path (lambda, a0, dev.ratio, beta...), nulldev; with foldid one cv_<measure>
# table (lambda, cvm, cvsd, nzero) and cv_choice (lambda.min, lambda.1se per measure, in the order of `measures`).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "refcommon.R"))
suppressMessages(library(glmnet))
family <- args[2]; alpha <- as.numeric(args[3])
X <- rd("X"); y <- drop(rd("y")); pf <- drop(rd("pf"))
lam <- if (file.exists(file.path(xdir, "lambdas.csv"))) drop(rd("lambdas")) else NULL
fit <- glmnet(X, y, family = family, alpha = alpha, lambda = lam, penalty.factor = pf, standardize = FALSE,
              thresh = 1e-14, maxit = 1e7)
beta <- t(as.matrix(fit$beta))
wr("path", cbind(lambda = fit$lambda, a0 = as.numeric(fit$a0), dev.ratio = fit$dev.ratio, beta))
wr("nulldev", matrix(fit$nulldev, 1, 1))
if (file.exists(file.path(xdir, "foldid.csv"))) {
  foldid <- as.integer(drop(rd("foldid")))
  measures <- if (family == "binomial") c("deviance", "class", "auc") else c("mse")
  choice <- NULL
  # one cv.glmnet call (keep = TRUE) fits the folds; the other measures are computed from its prevalidated
  # predictions by the same internal steps cv.glmnet.raw takes (cv.<class>, cvstats, getOptcv.glmnet)
  cv <- cv.glmnet(X, y, family = family, alpha = alpha, lambda = lam, penalty.factor = pf, standardize = FALSE,
                  thresh = 1e-14, maxit = 1e7, foldid = foldid, type.measure = measures[1], keep = TRUE)
  subclass <- if (family == "binomial") "lognet" else "elnet"
  nz <- sapply(predict(cv$glmnet.fit, type = "nonzero"), length)
  for (m in measures) {
    if (m == measures[1]) {
      res <- list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = cv$nzero,
                  lambda.min = cv$lambda.min, lambda.1se = cv$lambda.1se)
    } else {
      tm <- glmnet:::cvtype(m, subclass)
      cvstuff <- do.call(paste0("cv.", subclass), list(cv$fit.preval, y, tm, rep(1, nrow(X)), foldid, TRUE),
                         envir = asNamespace("glmnet"))
      out <- glmnet:::cvstats(cvstuff, foldid, max(foldid), cv$lambda, nz, cvstuff$grouped)
      opt <- glmnet:::getOptcv.glmnet(out$lambda, out$cvm, out$cvsd, names(cvstuff$type.measure))
      res <- list(lambda = out$lambda, cvm = out$cvm, cvsd = out$cvsd, nzero = out$nzero,
                  lambda.min = opt$lambda.min, lambda.1se = opt$lambda.1se)
    }
    wr(paste0("cv_", m), cbind(lambda = res$lambda, cvm = res$cvm, cvsd = res$cvsd, nzero = res$nzero))
    choice <- rbind(choice, c(res$lambda.min, res$lambda.1se))
  }
  wr("cv_choice", choice)
}
