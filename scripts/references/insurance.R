# MASS's Insurance data and its design matrix for Claims ~ District + Group + Age with treatment (dummy) contrasts
# on UNORDERED factors (R's default for the ordered Group and Age would be orthogonal polynomials; dummies are
# what a CSV user would write). Writes (to the exchange folder) raw.csv and design.csv (hex doubles).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "refcommon.R"))
library(MASS)
d <- Insurance
raw <- data.frame(District = as.integer(as.character(d$District)), Group = match(d$Group, levels(d$Group)),
                  Age = match(d$Age, levels(d$Age)), Holders = d$Holders, Claims = d$Claims)
wr("raw", raw)
writeLines(c(paste(levels(d$Group), collapse = "|"), paste(levels(d$Age), collapse = "|")),
           file.path(xdir, "levels.txt"))
u <- data.frame(District = factor(d$District, ordered = FALSE), Group = factor(d$Group, ordered = FALSE),
                Age = factor(d$Age, ordered = FALSE))
mm <- model.matrix(~ District + Group + Age, data = u, contrasts.arg = list(
  District = "contr.treatment", Group = "contr.treatment", Age = "contr.treatment"))
wr("design", mm)
