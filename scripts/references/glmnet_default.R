# glmnet's own default lambda sequence and early end, for issue 18: arguments exchange folder, family, alpha,
# nlambda. Inputs X, y. Output path (lambda, dev.ratio, df). lambda.min.ratio is glmnet's default (1e-4 when n > p).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "refcommon.R"))
suppressMessages(library(glmnet))
X <- rd("X"); y <- drop(rd("y"))
fit <- glmnet(X, y, family = args[2], alpha = as.numeric(args[3]), nlambda = as.integer(args[4]),
              standardize = FALSE, thresh = 1e-14, maxit = 1e7)
wr("path", cbind(lambda = fit$lambda, dev.ratio = fit$dev.ratio, df = fit$df))
