using OnionGroove.Balancer.Config;

namespace OnionGroove.Balancer.Selection;

/// <summary>What a service's frontend descriptors say about proof of work (docs/pow.md).</summary>
public enum PowPublishing
{
    /// <summary><c>pow: off</c>: no pow-params.</summary>
    Off,
    /// <summary><c>pow: on|follow</c>, but the backends are not stated to verify solutions made for the
    /// frontend: no pow-params, so clients never solve.</summary>
    Withheld,
    /// <summary>pow-params of the backends' seeds (<see cref="PowPlan"/>).</summary>
    Published,
}

/// <summary>Whether the balancer may lead clients into solving for the frontend address. A stock tor
/// backend verifies a solution against the blinded key of its OWN descriptor (hs_cell.c,
/// <c>handle_introduce2_encrypted_cell_pow_extension</c> passes <c>ip-&gt;blinded_id</c> to
/// <c>hs_pow_verify</c>) while the client solved with the frontend's; the INTRODUCE2 cell is then
/// dropped. A client solves whenever its descriptor has pow-params and either the suggested effort is
/// non-zero or an intro point was unreachable before (hs_client.c, effort ≥ 8 on retry), so even
/// effort 0 is unsafe: without the operator's <c>pow_backends_verify_frontend: true</c>, no pow-params.</summary>
public static class PowPolicy
{
    /// <summary>tor clients solve at most at this effort (hs_client.c, CLIENT_MAX_POW_EFFORT).</summary>
    public const int MaxEffort = 10000;

    public static PowPublishing Of(ServiceConfig c) =>
        c.Pow == PowMode.Off ? PowPublishing.Off : c.PowBackendsVerifyFrontend ? PowPublishing.Published : PowPublishing.Withheld;

    /// <summary>The mode the descriptor plan uses: the configured one only when pow-params may be published.</summary>
    public static PowMode Effective(ServiceConfig c) => Of(c) == PowPublishing.Published ? c.Pow : PowMode.Off;

    /// <summary>The log line for a service whose pow-params are withheld, else null.</summary>
    public static string? Warning(ServiceConfig c, string frontend) => Of(c) != PowPublishing.Withheld ? null
        : $"service {frontend}: pow: {c.Pow.ToString().ToLowerInvariant()} is set, but stock tor backends refuse PoW solutions " +
          "made for the frontend address, so frontend descriptors carry NO pow-params (clients never solve; each backend's own " +
          "introduction queue and rate limit still work). Set pow_backends_verify_frontend: true only if the backends run a tor " +
          "that verifies solutions for the frontend (docs/pow.md)";

    /// <summary>The pow-params a frontend descriptor carries for a seed group: its effort, at least <paramref name="minEffort"/>.</summary>
    public static Descriptors.SecondLayer.PowParams Advertised(Descriptors.SecondLayer.PowParams p, int minEffort) =>
        minEffort > 0 && (p.SuggestedEffort ?? 0) < minEffort ? p with { SuggestedEffort = (uint)minEffort } : p;
}
