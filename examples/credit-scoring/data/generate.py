#!/usr/bin/env python3
"""Deterministic synthetic credit-scoring data for the Rampart example system.

Writes a training file and a test file (RFC 4180 CSV with a header row, "\\n"
line endings, fixed decimals) from one seeded random stream. Only the Python
standard library is used; the same seed and row count give byte-identical
files on every run and platform.

    python3 generate.py --seed 20261130 --rows 20000 --out credit.csv

writes credit-train.csv (80 %) and credit-test.csv (20 %) next to this script
(relative --out paths are resolved against the folder holding this script).

Columns
-------
applicant_id          identifier (APP-00001 ...), not a feature
age                   years, 18 to 80
income                gross annual income, EUR, rounded to 100
employment_type       salaried, self_employed, part_time, unemployed, student, retired
housing               own, mortgage, rent, family
purpose               car, home_improvement, debt_consolidation, consumer_goods,
                      education, business, medical
region                north, south, east, west, capital
loan_amount           EUR, rounded to 100
loan_term_months      12 to 120
credit_history_years  one decimal, at most age - 18
existing_debt         EUR, rounded to 100
num_open_accounts     count
late_payments_2y      count of late payments in the last two years
debt_to_income        (existing_debt + loan_amount) / income, three decimals
sex                   female, male                      (sensitive attribute)
age_band              18-25, 26-35, 36-50, 51-65, 66+   (sensitive attribute, from age)
default               1 = the loan was recorded as defaulted, 0 = repaid (label)

How the label is drawn
----------------------
Every applicant has an unobserved financial-distress score z ~ N(0, 1) that
also drives late payments. The feature-justified probability of default is

    logit(p) = -2.60 + 0.75 z + 0.30 min(late_payments_2y, 6)
             + 0.45 (min(debt_to_income, 6) - 1) - 0.50 ln(income / 40000)
             - 0.04 min(credit_history_years, 25) + 0.004 (loan_term_months - 36)
             + 0.04 max(num_open_accounts - 6, 0)
             + employment (unemployed +0.90, student +0.45, part_time +0.30,
               self_employed +0.25, salaried 0, retired -0.10)
             + housing (rent +0.20, family +0.10, mortgage 0, own -0.25)
             + purpose (business +0.35, debt_consolidation +0.30, medical +0.20,
               consumer_goods +0.15, education +0.10, car 0, home_improvement -0.10)
             + region (east +0.15, south +0.05, north 0, west 0, capital -0.10)

Sex and age_band do not appear in it: whatever difference in default rate the
groups show under p comes only from their features (income, history, ...).

Planted bias (what a fairness check should find)
------------------------------------------------
The recorded label is not drawn from p but from a skewed p':

    logit(p') = logit(p) + 0.60 [sex = female] + 0.70 [age_band = 18-25]

This imitates a historical collections process that wrote off loans of women
and of applicants aged 18 to 25 after fewer missed payments than for everyone
else. Both labels share one uniform draw u per applicant (label = u < p'),
so the skew only turns repaid loans into recorded defaults, never the reverse.
The script prints, for every group, the recorded default rate, the rate of
the unskewed label (u < p) and the mean of p. With the defaults (seed
20261130, 20,000 rows) the training file gives:

    group            rows   recorded  unskewed
    overall          16000   14.54 %   10.14 %
    sex=female        7461   18.30 %   10.80 %
    sex=male          8539   11.25 %    9.56 %
    age_band=18-25    2514   34.13 %   18.93 %
    age_band=26-35    4118   15.20 %   11.75 %

so women are recorded about 7.0 points above men (1.2 points are justified
by their features), and the 18-25 band about 15 points above its features.
Ages above 25 get no shift; their recorded rates rise a little only because
they share the female shift. The test file shows the same pattern.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys

COLUMNS = [
    "applicant_id",
    "age",
    "income",
    "employment_type",
    "housing",
    "purpose",
    "region",
    "loan_amount",
    "loan_term_months",
    "credit_history_years",
    "existing_debt",
    "num_open_accounts",
    "late_payments_2y",
    "debt_to_income",
    "sex",
    "age_band",
    "default",
]

# Age bands: (label, lowest age, highest age, share of applicants).
AGE_BANDS = [
    ("18-25", 18, 25, 0.16),
    ("26-35", 26, 35, 0.26),
    ("36-50", 36, 50, 0.30),
    ("51-65", 51, 65, 0.20),
    ("66+", 66, 80, 0.08),
]

EMPLOYMENT = ["salaried", "self_employed", "part_time", "unemployed", "student", "retired"]
EMPLOYMENT_WEIGHTS = {
    "18-25": [0.48, 0.04, 0.18, 0.08, 0.22, 0.00],
    "26-35": [0.68, 0.10, 0.12, 0.06, 0.04, 0.00],
    "36-50": [0.70, 0.14, 0.10, 0.06, 0.00, 0.00],
    "51-65": [0.64, 0.14, 0.10, 0.07, 0.00, 0.05],
    "66+": [0.08, 0.06, 0.06, 0.00, 0.00, 0.80],
}
# Median annual income (EUR) and log-normal spread by employment type.
INCOME = {
    "salaried": (44000, 0.35),
    "self_employed": (46000, 0.60),
    "part_time": (23000, 0.35),
    "unemployed": (11000, 0.30),
    "student": (9000, 0.40),
    "retired": (26000, 0.35),
}

HOUSING = ["own", "mortgage", "rent", "family"]
HOUSING_WEIGHTS = {
    "18-25": [0.03, 0.07, 0.50, 0.40],
    "26-35": [0.08, 0.30, 0.52, 0.10],
    "36-50": [0.15, 0.50, 0.32, 0.03],
    "51-65": [0.35, 0.38, 0.25, 0.02],
    "66+": [0.62, 0.10, 0.25, 0.03],
}

PURPOSES = ["car", "home_improvement", "debt_consolidation", "consumer_goods", "education", "business", "medical"]
PURPOSE_WEIGHTS = [0.26, 0.17, 0.20, 0.15, 0.07, 0.08, 0.07]
PURPOSE_WEIGHTS_YOUNG = [0.30, 0.04, 0.14, 0.22, 0.24, 0.03, 0.03]
# Median loan amount (EUR) by purpose.
LOAN_BASE = {
    "car": 16000,
    "home_improvement": 21000,
    "debt_consolidation": 12000,
    "consumer_goods": 4000,
    "education": 9000,
    "business": 30000,
    "medical": 5000,
}

REGIONS = ["north", "south", "east", "west", "capital"]
REGION_WEIGHTS = [0.20, 0.22, 0.18, 0.18, 0.22]

# Coefficients of the feature-justified default model (see the docstring).
INTERCEPT = -2.60
EMPLOYMENT_EFFECT = {"salaried": 0.0, "self_employed": 0.25, "part_time": 0.30, "unemployed": 0.90, "student": 0.45, "retired": -0.10}
HOUSING_EFFECT = {"own": -0.25, "mortgage": 0.0, "rent": 0.20, "family": 0.10}
PURPOSE_EFFECT = {
    "car": 0.0,
    "home_improvement": -0.10,
    "debt_consolidation": 0.30,
    "consumer_goods": 0.15,
    "education": 0.10,
    "business": 0.35,
    "medical": 0.20,
}
REGION_EFFECT = {"north": 0.0, "south": 0.05, "east": 0.15, "west": 0.0, "capital": -0.10}

# The planted bias: logit shifts of the recorded label.
BIAS_FEMALE = 0.60
BIAS_YOUNG = 0.70


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: deterministic and fine for the small means used here."""
    limit = math.exp(-mean)
    k, product = 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def pick(rng: random.Random, values: list[str], weights: list[float]) -> str:
    return rng.choices(values, weights=weights, k=1)[0]


def round_to(value: float, step: int) -> int:
    return int(step * round(value / step))


def make_row(rng: random.Random, index: int) -> tuple[dict[str, object], tuple[float, int]]:
    """One applicant: the CSV row, the feature-justified default probability and the unskewed label."""
    sex = "female" if rng.random() < 0.47 else "male"
    band, low, high, _ = rng.choices(AGE_BANDS, weights=[b[3] for b in AGE_BANDS], k=1)[0]
    age = rng.randint(low, high)
    employment = pick(rng, EMPLOYMENT, EMPLOYMENT_WEIGHTS[band])

    median, spread = INCOME[employment]
    career = 0.65 + 0.35 * min(age - 18, 30) / 30 if employment not in ("student", "retired") else 1.0
    gap = 0.90 if sex == "female" else 1.0  # a modest pay gap, so income differs a little by sex
    income = max(3000, round_to(median * career * gap * math.exp(rng.gauss(0.0, spread)), 100))

    housing = pick(rng, HOUSING, HOUSING_WEIGHTS[band])
    purpose = pick(rng, PURPOSES, PURPOSE_WEIGHTS_YOUNG if band == "18-25" else PURPOSE_WEIGHTS)
    region = pick(rng, REGIONS, REGION_WEIGHTS)

    amount = LOAN_BASE[purpose] * (income / 40000) ** 0.4 * math.exp(rng.gauss(0.0, 0.45))
    loan_amount = min(150000, max(500, round_to(amount, 100)))
    if loan_amount < 5000:
        term = rng.choice([12, 18, 24, 36])
    elif loan_amount < 20000:
        term = rng.choice([24, 36, 48, 60])
    else:
        term = rng.choice([48, 60, 72, 84, 120])

    history = min(age - 18, (age - 18) * rng.uniform(0.35, 1.0) + rng.uniform(0.0, 1.5))
    history = round(max(0.0, history), 1)

    distress = rng.gauss(0.0, 1.0)  # unobserved; drives both late payments and default
    has_debt = rng.random() < 0.72
    existing_debt = round_to(income * math.exp(rng.gauss(-1.3 + 0.25 * distress, 0.7)), 100) if has_debt else 0
    open_accounts = 1 + poisson(rng, 1.0 + 0.22 * min(history, 20.0) + (0.6 if has_debt else 0.0))
    late = poisson(rng, math.exp(-1.7 + 0.85 * distress))
    dti = round((existing_debt + loan_amount) / income, 3)

    logit = (
        INTERCEPT
        + 0.75 * distress
        + 0.30 * min(late, 6)
        + 0.45 * (min(dti, 6.0) - 1.0)
        - 0.50 * math.log(income / 40000)
        - 0.04 * min(history, 25.0)
        + 0.004 * (term - 36)
        + 0.04 * max(open_accounts - 6, 0)
        + EMPLOYMENT_EFFECT[employment]
        + HOUSING_EFFECT[housing]
        + PURPOSE_EFFECT[purpose]
        + REGION_EFFECT[region]
    )
    fair = sigmoid(logit)
    skewed = sigmoid(logit + (BIAS_FEMALE if sex == "female" else 0.0) + (BIAS_YOUNG if band == "18-25" else 0.0))
    u = rng.random()
    default = 1 if u < skewed else 0

    row = {
        "applicant_id": f"APP-{index:05d}",
        "age": age,
        "income": income,
        "employment_type": employment,
        "housing": housing,
        "purpose": purpose,
        "region": region,
        "loan_amount": loan_amount,
        "loan_term_months": term,
        "credit_history_years": f"{history:.1f}",
        "existing_debt": existing_debt,
        "num_open_accounts": open_accounts,
        "late_payments_2y": late,
        "debt_to_income": f"{dti:.3f}",
        "sex": sex,
        "age_band": band,
        "default": default,
    }
    return row, (fair, 1 if u < fair else 0)


def write_csv(path: str, rows: list[dict[str, object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def summarise(name: str, rows: list[dict[str, object]], fair: list[tuple[float, int]]) -> None:
    groups: list[tuple[str, str | None, str | None]] = [("overall", None, None)]
    groups += [(f"sex={s}", "sex", s) for s in ("female", "male")]
    groups += [(f"age_band={b[0]}", "age_band", b[0]) for b in AGE_BANDS]
    print(f"{name}: {len(rows)} rows")
    print(f"  {'group':<16} {'rows':>6} {'recorded':>9} {'unskewed':>9} {'mean p':>7}")
    for label, column, value in groups:
        idx = [i for i, r in enumerate(rows) if column is None or r[column] == value]
        recorded = sum(int(rows[i]["default"]) for i in idx) / len(idx)
        unskewed = sum(fair[i][1] for i in idx) / len(idx)
        justified = sum(fair[i][0] for i in idx) / len(idx)
        print(f"  {label:<16} {len(idx):>6} {recorded:>9.4f} {unskewed:>9.4f} {justified:>7.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=20261130, help="random seed (default: 20261130)")
    parser.add_argument("--rows", type=int, default=20000, help="total rows before the split (default: 20000)")
    parser.add_argument("--out", default="credit.csv",
                        help="base name; writes <stem>-train.csv and <stem>-test.csv (default: credit.csv, "
                             "relative to this script's folder)")
    parser.add_argument("--test-fraction", type=float, default=0.2, help="share of rows in the test file (default: 0.2)")
    parser.add_argument("--quiet", action="store_true", help="do not print the group default rates")
    args = parser.parse_args(argv)
    if args.rows < 10 or not 0.0 < args.test_fraction < 1.0:
        parser.error("--rows must be at least 10 and --test-fraction between 0 and 1")

    rng = random.Random(args.seed)
    rows, fair = [], []
    for i in range(1, args.rows + 1):
        row, p = make_row(rng, i)
        rows.append(row)
        fair.append(p)

    # Seeded split: shuffle the indices with a second stream, keep each file in applicant order.
    order = list(range(args.rows))
    random.Random(args.seed + 1).shuffle(order)
    n_test = round(args.rows * args.test_fraction)
    test_idx = sorted(order[:n_test])
    train_idx = sorted(order[n_test:])

    out = args.out if os.path.isabs(args.out) else os.path.join(os.path.dirname(os.path.abspath(__file__)), args.out)
    stem, ext = os.path.splitext(out)
    ext = ext or ".csv"
    train_path, test_path = f"{stem}-train{ext}", f"{stem}-test{ext}"
    write_csv(train_path, [rows[i] for i in train_idx])
    write_csv(test_path, [rows[i] for i in test_idx])

    if not args.quiet:
        print(f"seed {args.seed}, bias: logit +{BIAS_FEMALE:.2f} for sex=female, +{BIAS_YOUNG:.2f} for age_band=18-25")
        summarise(os.path.basename(train_path), [rows[i] for i in train_idx], [fair[i] for i in train_idx])
        summarise(os.path.basename(test_path), [rows[i] for i in test_idx], [fair[i] for i in test_idx])
    return 0


if __name__ == "__main__":
    sys.exit(main())
