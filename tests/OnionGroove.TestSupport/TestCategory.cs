namespace OnionGroove.TestSupport;

/// <summary>The xunit trait that marks slow tests, so `scripts/test.sh --fast` can leave them out
/// (<c>--filter "Category!=Network&amp;Category!=Containers"</c>):
/// <c>[Trait(TestCategory.Name, TestCategory.Network)]</c>.</summary>
public static class TestCategory
{
    /// <summary>The trait's name, as the test runner's filter spells it.</summary>
    public const string Name = "Category";

    /// <summary>Starts tor processes or private Tor networks (or the demo, which starts both).</summary>
    public const string Network = "Network";

    /// <summary>Starts containers or systemd-nspawn hosts.</summary>
    public const string Containers = "Containers";
}
