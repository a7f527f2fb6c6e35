using Rampart.Catalogue;

namespace Rampart.Tests.Catalogue;

public sealed class ExternalFrameworksTests
{
    [Theory]
    [InlineData("atlas", "AML.T0020", true)]
    [InlineData("atlas", "AML.T0024.001", true)]
    [InlineData("atlas", "AML.M0015", true)]
    [InlineData("atlas", "AML.T020", false)]
    [InlineData("atlas", "aml.t0020", false)]
    [InlineData("owasp_ml", "ML01:2023", true)]
    [InlineData("owasp_ml", "ML10:2023", true)]
    [InlineData("owasp_ml", "ML11:2023", false)]
    [InlineData("owasp_ml", "ML01:2025", false)]
    [InlineData("owasp_llm", "LLM04:2025", true)]
    [InlineData("owasp_llm", "LLM4:2025", false)]
    [InlineData("owasp_llm", "LLM04:2023", false)]
    [InlineData("nist_ai_rmf", "MEASURE 2.7", true)]
    [InlineData("nist_ai_rmf", "GOVERN 1.1", true)]
    [InlineData("nist_ai_rmf", "MEASURE 2.13", true)]
    [InlineData("nist_ai_rmf", "MEASURE-2.7", false)]
    [InlineData("nist_ai_rmf", "PROTECT 1.1", false)]
    [InlineData("unknown", "X", false)]
    public void IsWellFormed_Id_MatchesFormat(string framework, string id, bool expected) =>
        Assert.Equal(expected, ExternalFrameworks.IsWellFormed(framework, id));
}
