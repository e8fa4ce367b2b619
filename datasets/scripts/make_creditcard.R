#!/usr/bin/env Rscript
# Derive datasets/creditcard.csv from AER's CreditCard data (R package AER 1.2-10, GPL-2 | GPL-3; Kleiber &
# Zeileis, "Applied Econometrics with R"; the data are Greene (2003), Econometric Analysis, 5th ed., Table F21.4).
#
# The only change: the factor `card` (was the application accepted? no/yes) is replaced by `bad` (1 = card
# refused, card == "no"; 0 = accepted), placed last. The other 11 columns, their values and the row order are
# kept; numbers are written with 15 significant digits (R's default), which reproduces every stored double
# exactly (checked below).
#
#   Rscript datasets/scripts/make_creditcard.R                       # AER installed (Debian: r-cran-aer)
#   Rscript datasets/scripts/make_creditcard.R path/to/CreditCard.rda # the package's data/CreditCard.rda
#
# Without installing AER and its dependencies: `apt-get download r-cran-aer` (1.2-10-1), `dpkg-deb -x` it, and
# pass usr/lib/R/site-library/AER/data/CreditCard.rda. That is how the committed file was made.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  env <- new.env()
  load(args[1], envir = env)
  CreditCard <- env$CreditCard
} else {
  data("CreditCard", package = "AER")
}
stopifnot(nrow(CreditCard) == 1319, identical(levels(CreditCard$card), c("no", "yes")))
out <- CreditCard[, setdiff(names(CreditCard), "card")]
out$bad <- as.integer(CreditCard$card == "no")
here <- tryCatch(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)))),
                 error = function(e) "datasets/scripts")
dst <- file.path(here, "..", "creditcard.csv")
write.csv(out, dst, row.names = FALSE, quote = FALSE)
back <- read.csv(dst)
for (v in names(out)) if (is.numeric(out[[v]])) stopifnot(all(as.numeric(back[[v]]) == as.numeric(out[[v]])))
cat(sprintf("wrote %d rows, %d bad (card refused)\n", nrow(out), sum(out$bad)), file = stderr())
