using OnionGroove.Crypto;

namespace OnionGroove.Probe.Doctor;

/// <summary>The clearnet twin's <c>Onion-Location</c> header (Tor Browser's onion-location
/// spec): exactly one, an http(s) URL whose host is the site's .onion address. Tor Browser offers
/// it only on HTTPS pages, so the twin is fetched over HTTPS.</summary>
public static class OnionLocationCheck
{
    public const string Name = "onion_location";

    public static DoctorFinding Evaluate(string clearnetUrl, IReadOnlyList<string> headerValues, OnionAddress expected)
    {
        var fixHeader = $"add `add_header Onion-Location http://{expected}$request_uri always;` to the clearnet server block (nginx)";
        if (headerValues.Count == 0) return DoctorFinding.Fail(Name, clearnetUrl, "no Onion-Location header", fixHeader);
        if (headerValues.Count > 1) return DoctorFinding.Fail(Name, clearnetUrl, $"{headerValues.Count} Onion-Location headers; browsers need exactly one", fixHeader);
        var value = headerValues[0].Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return DoctorFinding.Fail(Name, clearnetUrl, $"Onion-Location \"{Printable(value)}\" is not an http(s) URL", fixHeader);
        if (!OnionAddress.TryParseHost(uri.Host, out var advertised, out var error))
            return DoctorFinding.Fail(Name, clearnetUrl, $"Onion-Location points at {Printable(uri.Host)}, not a v3 onion address ({error})", fixHeader);
        return advertised == expected
            ? DoctorFinding.Pass(Name, clearnetUrl, $"Onion-Location: {value}")
            : DoctorFinding.Fail(Name, clearnetUrl, $"Onion-Location points at {advertised}, not at the site's {expected}", fixHeader);
    }

    /// <summary>Fetches <paramref name="clearnetUrl"/> directly (the clearnet twin is not an onion)
    /// and evaluates its header; a failed request is a failure with the reason.</summary>
    public static async Task<DoctorFinding> CheckAsync(string clearnetUrl, OnionAddress expected, HttpMessageHandler? handler = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = timeout ?? TimeSpan.FromSeconds(20);
        try
        {
            using var response = await client.GetAsync(clearnetUrl, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var values = response.Headers.TryGetValues("Onion-Location", out var v) ? v.ToList() : [];
            return Evaluate(clearnetUrl, values, expected);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return DoctorFinding.Fail(Name, clearnetUrl, $"cannot fetch it: {e.Message}", "check that the clearnet twin answers over HTTPS");
        }
    }

    /// <summary>The URL of a `clearnet:` setting: a bare host name means https://HOST/.</summary>
    public static string UrlOf(string clearnet) => clearnet.Contains("://", StringComparison.Ordinal) ? clearnet : $"https://{clearnet}/";

    private static string Printable(string s) => new([.. s.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}
