using Hub.WebUi.Endpoints;

namespace Hub.WebUi.Tests.Api;

/// <summary>
/// The market lists page by delivery interval (<c>before</c> = an interval), and one interval may hold several trades:
/// walking the pages with <c>before = next</c> must give every item exactly once, whatever the page size.
/// </summary>
public sealed class MarketPagingTests
{
    // Newest interval first, as IMarketView lists them: interval 9 has three trades, 7 has two, 4 has five.
    private static readonly (long Interval, string Id)[] Trades =
        [(9, "a"), (9, "b"), (9, "c"), (8, "d"), (7, "e"), (7, "f"), (5, "g"), (4, "h"), (4, "i"), (4, "j"), (4, "k"), (4, "l"), (1, "m")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(13)]
    [InlineData(100)]
    public void Walking_the_pages_gives_every_item_once_in_order(int size)
    {
        var seen = new List<string>();
        long? before = null;
        var pages = 0;
        do
        {
            var (items, next) = MarketEndpoints.IntervalPage(List, t => t.Interval, before, size);
            Assert.NotEmpty(items);
            Assert.True(items.Count <= size || items.All(t => t.Interval == items[0].Interval), $"page of {items.Count} over limit {size} spans intervals");
            seen.AddRange(items.Select(t => t.Id));
            before = next;
            Assert.True(++pages <= Trades.Length, "paging does not end");
        }
        while (before is not null);

        Assert.Equal(Trades.Select(t => t.Id), seen);
    }

    [Fact]
    public void A_page_cut_inside_an_interval_leaves_that_interval_to_the_next_page()
    {
        var (items, next) = MarketEndpoints.IntervalPage(List, t => t.Interval, null, 5);

        Assert.Equal(["a", "b", "c", "d"], items.Select(t => t.Id)); // e is left out: f of the same interval would not fit
        Assert.Equal(8, next);
    }

    [Fact]
    public void An_interval_larger_than_the_page_is_given_whole()
    {
        var (items, next) = MarketEndpoints.IntervalPage(List, t => t.Interval, 5, 2);

        Assert.Equal(["h", "i", "j", "k", "l"], items.Select(t => t.Id));
        Assert.Equal(4, next);
    }

    [Fact]
    public void The_last_page_has_no_next()
    {
        var (items, next) = MarketEndpoints.IntervalPage(List, t => t.Interval, 4, 100);

        Assert.Equal(["m"], items.Select(t => t.Id));
        Assert.Null(next);
    }

    private static IReadOnlyList<(long Interval, string Id)> List(long? before, int limit) =>
        [.. Trades.Where(t => before is null || t.Interval < before).Take(limit)];
}
