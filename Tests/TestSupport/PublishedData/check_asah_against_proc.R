# Checks asah.csv against pROC's own aSAH data and recomputes the published values from it.
#
# Run from the package root with R and pROC installed (Debian bookworm: apt-get install r-base-core r-cran-proc,
# which gives pROC 1.18.0):
#     Rscript Tests/TestSupport/PublishedData/check_asah_against_proc.R
# Prints pROC's version and licence, whether each column equals data(aSAH) row for row, and pROC's AUC, DeLong
# variance, 95% CI and paired DeLong tests on this file (cases: outcome Poor; higher score = case). Last run:
# pROC 1.18.0, R 4.2.2: every column identical; the values in asah.md.
suppressMessages(library(pROC))
cat("pROC", as.character(packageVersion("pROC")), "-", R.version.string, "\n")
cat("License:", packageDescription("pROC")$License, "\n")
data(aSAH)
ours <- read.csv("Tests/TestSupport/PublishedData/asah.csv")
stopifnot(nrow(ours) == nrow(aSAH))
cat("outcome identical:", identical(as.character(ours$outcome), as.character(aSAH$outcome)), "\n")
cat("wfns identical:   ", identical(as.numeric(ours$wfns), as.numeric(as.character(aSAH$wfns))), "\n")
cat("s100b identical:  ", identical(ours$s100b, aSAH$s100b), "\n")
cat("ndka identical:   ", identical(ours$ndka, aSAH$ndka), "\n")
options(digits = 15)
curve <- function(x) roc(ours$outcome, x, levels = c("Good", "Poor"), direction = "<", quiet = TRUE)
wfns <- curve(ours$wfns); ndka <- curve(ours$ndka); s100b <- curve(ours$s100b)
cat("AUC wfns", auc(wfns), " ndka", auc(ndka), "\n")
cat("DeLong variance wfns", var(wfns), " ndka", var(ndka), "\n")
cat("95% CI wfns", ci(wfns)[c(1, 3)], "\n")
t1 <- roc.test(wfns, ndka); t2 <- roc.test(wfns, s100b)
cat("paired DeLong wfns vs ndka  Z", t1$statistic, " p", t1$p.value, "\n")
cat("paired DeLong wfns vs s100b Z", t2$statistic, " p", t2$p.value, "\n")
