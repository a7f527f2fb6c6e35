namespace Rampart.Evaluation.Fairness;

/// <summary>
/// The stable names of every fairness metric. Group metrics are rates of one group; aggregates compare groups.
/// Policy thresholds refer to aggregates as <c>fairness.&lt;name&gt;</c> (see <see cref="FairnessThresholds"/>).
/// </summary>
public static class FairnessMetricNames
{
    /// <summary>P(ŷ = 1): (TP + FP) / n. Aequitas calls it pprev.</summary>
    public const string SelectionRate = "selection_rate";

    /// <summary>TP / (TP + FN); undefined without rows with y = 1.</summary>
    public const string TruePositiveRate = "true_positive_rate";

    /// <summary>FP / (FP + TN); undefined without rows with y = 0.</summary>
    public const string FalsePositiveRate = "false_positive_rate";

    /// <summary>FN / (TP + FN); undefined without rows with y = 1.</summary>
    public const string FalseNegativeRate = "false_negative_rate";

    /// <summary>TN / (FP + TN); undefined without rows with y = 0.</summary>
    public const string TrueNegativeRate = "true_negative_rate";

    /// <summary>Precision, TP / (TP + FP); undefined without rows with ŷ = 1.</summary>
    public const string PositivePredictiveValue = "positive_predictive_value";

    /// <summary>TN / (TN + FN); undefined without rows with ŷ = 0.</summary>
    public const string NegativePredictiveValue = "negative_predictive_value";

    /// <summary>(TP + TN) / n.</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Prevalence of the label, P(y = 1).</summary>
    public const string BaseRate = "base_rate";

    /// <summary>(FP + FN) / n.</summary>
    public const string ErrorRate = "error_rate";

    /// <summary>The group's share of all rows predicted 1 (Aequitas ppr); undefined when no row is predicted 1.</summary>
    public const string PredictedPositiveShare = "predicted_positive_share";

    /// <summary>
    /// Per group: SR_g / SR_privileged, Aequitas's pprev disparity (AIF360's disparate impact of that group alone).
    /// Below 1 when the group is selected less than the privileged group.
    /// </summary>
    public const string SelectionRateRatioToPrivileged = "selection_rate_ratio_to_privileged";

    /// <summary>Per group, signed: SR_g - SR_privileged (AIF360's statistical parity difference of that group alone).</summary>
    public const string SelectionRateDifferenceToPrivileged = "selection_rate_difference_to_privileged";

    /// <summary>Per group, signed: TPR_g - TPR_privileged (AIF360's equal opportunity difference of that group alone).</summary>
    public const string TruePositiveRateDifferenceToPrivileged = "true_positive_rate_difference_to_privileged";

    /// <summary>fairlearn, method between_groups: max over groups of the selection rate minus the min. At least 0.</summary>
    public const string DemographicParityDifference = "demographic_parity_difference";

    /// <summary>fairlearn, between_groups: min selection rate / max selection rate, in [0, 1]. The four-fifths rule checks this.</summary>
    public const string DemographicParityRatio = "demographic_parity_ratio";

    /// <summary>fairlearn, method to_overall: max over groups of |SR_g - SR_overall|.</summary>
    public const string DemographicParityDifferenceToOverall = "demographic_parity_difference_to_overall";

    /// <summary>fairlearn, to_overall: min over groups of min(SR_g / SR_overall, SR_overall / SR_g).</summary>
    public const string DemographicParityRatioToOverall = "demographic_parity_ratio_to_overall";

    /// <summary>fairlearn, agg worst_case (the default): max(TPR max - min, FPR max - min).</summary>
    public const string EqualizedOddsDifference = "equalized_odds_difference";

    /// <summary>fairlearn, agg mean: the mean of the TPR and FPR differences.</summary>
    public const string EqualizedOddsDifferenceMean = "equalized_odds_difference_mean";

    /// <summary>fairlearn, agg worst_case: min(TPR min / max, FPR min / max).</summary>
    public const string EqualizedOddsRatio = "equalized_odds_ratio";

    /// <summary>fairlearn, agg mean: the mean of the TPR and FPR ratios.</summary>
    public const string EqualizedOddsRatioMean = "equalized_odds_ratio_mean";

    /// <summary>fairlearn: TPR max - min over groups (unsigned).</summary>
    public const string EqualOpportunityDifference = "equal_opportunity_difference";

    /// <summary>fairlearn: TPR min / max over groups.</summary>
    public const string EqualOpportunityRatio = "equal_opportunity_ratio";

    /// <summary>Accuracy max - min over groups.</summary>
    public const string AccuracyDifference = "accuracy_difference";

    /// <summary>AIF360, signed: SR_unprivileged - SR_privileged. Negative when the unprivileged rows are selected less.</summary>
    public const string Aif360StatisticalParityDifference = "aif360.statistical_parity_difference";

    /// <summary>AIF360, signed: SR_unprivileged / SR_privileged. Below 1 when the unprivileged rows are selected less.</summary>
    public const string Aif360DisparateImpact = "aif360.disparate_impact";

    /// <summary>AIF360, signed: TPR_unprivileged - TPR_privileged.</summary>
    public const string Aif360EqualOpportunityDifference = "aif360.equal_opportunity_difference";

    /// <summary>AIF360, signed: ½[(FPR_u - FPR_p) + (TPR_u - TPR_p)].</summary>
    public const string Aif360AverageOddsDifference = "aif360.average_odds_difference";

    /// <summary>AIF360: ½[|FPR_u - FPR_p| + |TPR_u - TPR_p|].</summary>
    public const string Aif360AverageAbsOddsDifference = "aif360.average_abs_odds_difference";

    /// <summary>AIF360: max(|FPR_u - FPR_p|, |TPR_u - TPR_p|).</summary>
    public const string Aif360EqualizedOddsDifference = "aif360.equalized_odds_difference";

    /// <summary>AIF360, signed: ERR_u - ERR_p, with ERR = (FP + FN) / n.</summary>
    public const string Aif360ErrorRateDifference = "aif360.error_rate_difference";

    /// <summary>AIF360, signed: ERR_u / ERR_p.</summary>
    public const string Aif360ErrorRateRatio = "aif360.error_rate_ratio";

    /// <summary>AIF360, signed: ½[(PPV_u - PPV_p) + (NPV_u - NPV_p)].</summary>
    public const string Aif360AveragePredictiveValueDifference = "aif360.average_predictive_value_difference";

    /// <summary>AIF360 generalized entropy index GE(α) of b = ŷ - y + 1 over all rows; α from the options (default 2).</summary>
    public const string GeneralizedEntropyIndex = "generalized_entropy_index";

    /// <summary>AIF360 Theil index, GE(1).</summary>
    public const string TheilIndex = "theil_index";

    /// <summary>AIF360 coefficient of variation, √(2·GE(2)).</summary>
    public const string CoefficientOfVariation = "coefficient_of_variation";

    /// <summary>GE(α) with each row's b replaced by its group's mean (AIF360 between_all_groups_generalized_entropy_index).</summary>
    public const string BetweenGroupGeneralizedEntropyIndex = "between_group_generalized_entropy_index";

    /// <summary>The between-group Theil index, GE(1) of the group means.</summary>
    public const string BetweenGroupTheilIndex = "between_group_theil_index";

    /// <summary>The between-group coefficient of variation, √(2·GE(2)) of the group means.</summary>
    public const string BetweenGroupCoefficientOfVariation = "between_group_coefficient_of_variation";

    /// <summary>Regression: max - min over groups of the mean absolute error.</summary>
    public const string MeanAbsoluteErrorDifference = "mean_absolute_error_difference";

    /// <summary>Regression: max - min over groups of the root mean squared error.</summary>
    public const string RootMeanSquaredErrorDifference = "root_mean_squared_error_difference";

    /// <summary>Regression: max - min over groups of the mean residual ŷ - y.</summary>
    public const string MeanResidualDifference = "mean_residual_difference";

    /// <summary>Regression group metric: mean |ŷ - y|.</summary>
    public const string MeanAbsoluteError = "mean_absolute_error";

    /// <summary>Regression group metric: √mean((ŷ - y)²).</summary>
    public const string RootMeanSquaredError = "root_mean_squared_error";

    /// <summary>Regression group metric: mean(ŷ - y); positive when the model over-predicts the group.</summary>
    public const string MeanResidual = "mean_residual";
}
