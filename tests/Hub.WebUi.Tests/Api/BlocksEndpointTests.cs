using System.Net;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class BlocksEndpointTests
{
    [Theory]
    [InlineData("before=yesterday", "before", "expected a block height (a whole number), got 'yesterday'.")]
    [InlineData("before=-1", "before", "expected a block height (a whole number), got '-1'.")]
    [InlineData("limit=0", "limit", "expected 1 to 1000, got '0'.")]
    [InlineData("limit=2000", "limit", "expected 1 to 1000, got '2000'.")]
    public async Task Blocks_BadPagingParameter_Returns400ProblemNamingIt(string query, string parameter, string message)
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/blocks?" + query);

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, parameter);
        Assert.Equal(message, problem.Root.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }

    [Fact]
    public async Task Blocks_QuotedValueIsCutTo40Characters()
    {
        await using var hub = await TestHub.StartAsync();

        var problem = await HttpJson.GetAsync(hub.Client, "/api/blocks?before=" + new string('x', 100));

        problem.AssertProblemNaming(HttpStatusCode.BadRequest, "before");
        Assert.Equal($"expected a block height (a whole number), got '{new string('x', 40)}…'.", problem.Root.GetProperty("errors").GetProperty("before")[0].GetString());
    }
}
