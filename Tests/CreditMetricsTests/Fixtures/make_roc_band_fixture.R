# Reference values for Tests/CreditMetricsTests/ROCBandTests.swift, computed with R pROC (Debian r-cran-proc 1.18.0,
# R 4.2.2 of Debian bookworm). Run from this directory:  Rscript make_roc_band_fixture.R
# Writes roc_band_data.csv (the sample) and roc_band_proc.csv (pROC's curve and band at FPR 0, 0.01, ..., 1).
#
# Sample: 150 bads ~ N(1, 1) and 200 goods ~ N(0, 1), rounded to 1 decimal so that many scores are tied
# (diagonal ROC segments); 200 goods make FPR k/100 a vertex FPR for every even k (the step convention).
# Higher score = riskier = case; direction "<" (controls lower).
#
# tpr: coords(roc, specificity = (100 - k)/100, input = "specificity", ret = "sensitivity") on the data
#      (deterministic: the top of a vertical step, linear interpolation between vertices).
# lower, median, upper: ci.se(roc, specificities = same, boot.n = 2000, boot.stratified = TRUE, conf.level = 0.95)
#      (stratified bootstrap, quantile type 7 of the resampled sensitivities; random, seed 20240601 in R).
suppressMessages(library(pROC))
stopifnot(packageVersion("pROC") == "1.18.0")
set.seed(20240601)
bad <- c(rep(1L, 150), rep(0L, 200))
score <- round(c(rnorm(150, 1, 1), rnorm(200, 0, 1)), 1)
write.csv(data.frame(score = sprintf("%.1f", score), bad = bad), "roc_band_data.csv", row.names = FALSE, quote = FALSE)

r <- roc(response = bad, predictor = score, levels = c(0L, 1L), direction = "<", quiet = TRUE)
k <- 0:100
sp <- (100 - k) / 100
tpr <- coords(r, x = sp, input = "specificity", ret = "sensitivity", transpose = FALSE)$sensitivity
set.seed(20240601)
ci <- ci.se(r, specificities = sp, boot.n = 2000, boot.stratified = TRUE, conf.level = 0.95, progress = "none")
out <- data.frame(fpr = k / 100, tpr = tpr, lower = ci[, 1], median = ci[, 2], upper = ci[, 3])
write.csv(format(out, digits = 17), "roc_band_proc.csv", row.names = FALSE, quote = FALSE)
cat("auc", as.numeric(auc(r)), "\n")
