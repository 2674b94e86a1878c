# Exchange with the Python side of scripts/references: matrices as CSV of hexadecimal doubles ("%a"), so that R
# and Python see bit-identical numbers (R's decimal reader is not guaranteed to round correctly; hex is exact).
args <- commandArgs(trailingOnly = TRUE)
xdir <- args[1]
rd <- function(name) {
  m <- as.matrix(read.csv(file.path(xdir, paste0(name, ".csv")), colClasses = "character", check.names = FALSE))
  storage.mode(m) <- "double"   # hex strings convert exactly
  m
}
wr <- function(name, m) {
  m <- as.matrix(m)
  out <- matrix(sprintf("%a", m), nrow(m), ncol(m))
  colnames(out) <- if (is.null(colnames(m))) paste0("V", seq_len(ncol(m))) else colnames(m)
  write.csv(out, file.path(xdir, paste0(name, ".csv")), row.names = FALSE, quote = TRUE)
}
