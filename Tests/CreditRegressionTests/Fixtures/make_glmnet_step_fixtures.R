#!/usr/bin/env Rscript
# Reference values for penalised fits (R glmnet) and AIC stepwise selection (R step).
# Run from the package root:  Rscript Tests/CreditRegressionTests/Fixtures/make_glmnet_step_fixtures.R
# Needs Debian r-base-core and r-cran-glmnet. Writes glmnet_step_fixtures.json beside this script.
# Nothing here calls our Swift code. Design columns follow our coding (see make_statsmodels_fixtures.py).
suppressMessages(library(glmnet))
invisible(Sys.setlocale("LC_COLLATE", "C"))
here <- "Tests/CreditRegressionTests/Fixtures"
num <- function(x) formatC(x, digits = 17, format = "g")
jarr <- function(v) paste0("[", paste(ifelse(is.na(v), "null", num(v)), collapse = ", "), "]")
jstr <- function(v) paste0("[", paste0('"', gsub('"', '\\\\"', v), '"', collapse = ", "), "]")
out <- c()
add <- function(key, value) out <<- c(out, paste0('"', key, '": ', value))

syn <- read.csv(file.path(here, "synthetic.csv"), stringsAsFactors = FALSE)
X <- cbind(x1 = syn$x1, `grade=B` = syn$grade == "B", `grade=C` = syn$grade == "C", `grade=D` = syn$grade == "D",
           x2 = syn$x2, `region=Zürich` = syn$region == "Zürich", `region=apple` = syn$region == "apple", x3 = syn$x3)
storage.mode(X) <- "double"
y <- syn$bad
lambdas <- c(0.05, 0.02, 0.01, 0.005, 0.001)
add("R", paste0('"', R.version.string, '"'))
add("glmnet", paste0('"', as.character(packageVersion("glmnet")), '"'))
add("terms", jstr(c("const", colnames(X))))
add("lambdas", jarr(lambdas))
for (a in c(1, 0.5, 0)) {
  fit <- glmnet(X, y, family = "binomial", alpha = a, lambda = lambdas, thresh = 1e-14, maxit = 1e7, standardize = TRUE)
  co <- as.matrix(coef(fit))
  add(paste0("alpha_", a), paste0("[", paste(apply(co, 2, jarr), collapse = ", "), "]"))
  default <- glmnet(X, y, family = "binomial", alpha = a, thresh = 1e-14)
  add(paste0("lambda_max_", a), num(default$lambda[1]))
}
# Frequency weights (weighted.csv: first 1,000 synthetic rows and a weight column w), alpha = 0.5.
wd <- read.csv(file.path(here, "weighted.csv"), stringsAsFactors = FALSE)
XW <- cbind(x1 = wd$x1, `grade=B` = wd$grade == "B", `grade=C` = wd$grade == "C", `grade=D` = wd$grade == "D",
            x2 = wd$x2, `region=Zürich` = wd$region == "Zürich", `region=apple` = wd$region == "apple", x3 = wd$x3)
storage.mode(XW) <- "double"
wfit <- glmnet(XW, wd$bad, family = "binomial", alpha = 0.5, lambda = lambdas, weights = wd$w, thresh = 1e-14, maxit = 1e7)
add("weighted_alpha_0.5", paste0("[", paste(apply(as.matrix(coef(wfit)), 2, jarr), collapse = ", "), "]"))
# Cross-validation with a fixed fold assignment (row i in fold ((i - 1) mod 5) + 1), deviance, alpha = 1.
foldid <- ((seq_len(nrow(X)) - 1) %% 5) + 1
cvl <- exp(seq(log(0.05), log(0.0005), length.out = 8))
cv <- cv.glmnet(X, y, family = "binomial", alpha = 1, lambda = cvl, foldid = foldid, type.measure = "deviance",
                thresh = 1e-14, maxit = 1e7)
add("cv_lambdas", jarr(cv$lambda))
add("cv_mean", jarr(cv$cvm))
add("cv_sd", jarr(cv$cvsd))
add("cv_lambda_min", num(cv$lambda.min))
add("cv_lambda_1se", num(cv$lambda.1se))

# AIC stepwise selection on German credit: both directions from the full model, and forward from the null.
german <- read.csv("datasets/german_credit.csv", stringsAsFactors = TRUE)
full <- glm(default ~ ., family = binomial, data = german)
both <- step(full, direction = "both", trace = 0)
add("step_both_steps", jstr(as.character(both$anova$Step)))
add("step_both_aic", jarr(both$anova$AIC))
add("step_both_terms", jstr(attr(terms(both), "term.labels")))
null <- glm(default ~ 1, family = binomial, data = german)
upper <- reformulate(setdiff(names(german), "default"), response = "default")
fwd <- step(null, scope = list(lower = ~1, upper = upper), direction = "forward", trace = 0)
add("step_forward_steps", jstr(as.character(fwd$anova$Step)))
add("step_forward_aic", jarr(fwd$anova$AIC))
bic <- step(full, direction = "backward", k = log(nrow(german)), trace = 0)
add("step_backward_bic_steps", jstr(as.character(bic$anova$Step)))
add("step_backward_bic", jarr(bic$anova$AIC))
writeLines(c("{", paste(out, collapse = ",\n"), "}"), file.path(here, "glmnet_step_fixtures.json"))
cat("wrote", file.path(here, "glmnet_step_fixtures.json"), "\n")
