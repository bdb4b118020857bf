using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Cli.Commands.Descriptor;

/// <summary>Prints a decoded descriptor for people, or as the versioned JSON contract. Only public values are shown.</summary>
internal static class DescriptorReport
{
    private static string B64(ReadOnlySpan<byte> b) => Convert.ToBase64String(b).TrimEnd('=');
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static void Write(TextWriter w, DecodedDescriptor dd, bool json)
    {
        if (json) { JsonOutput.Write(w, ToJson(dd)); return; }
        var d = dd.Descriptor;
        var cert = d.OuterLayer.SigningKeyCert;
        w.WriteLine($"address:            {dd.Address}");
        w.WriteLine($"time period:        {dd.Period.Number} (length {dd.Period.LengthMinutes} min, {Time(dd.Period.Start)} – {Time(dd.Period.End)}){(dd.PeriodGuessed ? ", found from the certificate" : "")}");
        w.WriteLine($"revision counter:   {d.RevisionCounter}");
        w.WriteLine($"lifetime:           {d.LifetimeMinutes} min");
        w.WriteLine($"size:               {dd.Size} bytes (first layer {d.FirstLayerPlaintext.Length} bytes, second layer {d.SecondLayerPlaintext.Length} bytes)");
        w.WriteLine($"signing key:        {B64(d.OuterLayer.SigningKey)}");
        w.WriteLine($"signing cert:       expires {Time(cert.Expires)}{(cert.IsExpired(DateTimeOffset.UtcNow) ? " (expired)" : "")}");
        w.WriteLine($"client auth:        {(d.UsedClientAuth ? "yes, decrypted with the given client key" : "no")} ({d.FirstLayer.AuthClients.Count} auth-client lines)");
        w.WriteLine($"create2-formats:    {string.Join(' ', d.SecondLayer.Create2Formats)}");
        if (d.SecondLayer.FlowControlVersions is { } fc) w.WriteLine($"flow-control:       {fc} sendme-inc {d.SecondLayer.FlowControlSendmeInc}");
        if (d.SecondLayer.IntroAuthRequired.Count > 0) w.WriteLine($"intro-auth-required: {string.Join(' ', d.SecondLayer.IntroAuthRequired)}");
        w.WriteLine($"single onion:       {(d.SecondLayer.SingleOnionService ? "yes" : "no")}");
        foreach (var p in d.SecondLayer.PowParams)
            w.WriteLine(p.Type == PowParams.V1
                ? $"pow-params:         v1 suggested-effort {p.SuggestedEffort} expires {Time(p.Expiration!.Value)} seed {B64(p.Seed)}"
                : $"pow-params:         {p.Type} (unknown type) {string.Join(' ', p.RawArgs.Skip(1))}");
        w.WriteLine($"introduction points ({d.IntroductionPoints.Count}):");
        int i = 0;
        foreach (var ip in d.IntroductionPoints)
        {
            w.WriteLine($"  {++i}. {string.Join(", ", ip.LinkSpecifiers.Select(l => l.ToString()))}");
            w.WriteLine($"     onion-key ntor  {B64(ip.OnionKeyNtor)}");
            w.WriteLine($"     auth-key        {B64(ip.AuthKey)} (cert expires {Time(ip.AuthKeyCert.Expires)})");
            w.WriteLine($"     enc-key ntor    {B64(ip.EncKeyNtor)} (cert expires {Time(ip.EncKeyCert.Expires)}{(ip.EncKeyCertMatchesEncKey ? "" : ", cert does not certify this key")})");
            if (ip.LegacyKey is not null) w.WriteLine("     legacy-key      present");
        }
    }

    private static object ToJson(DecodedDescriptor dd)
    {
        var d = dd.Descriptor;
        return new
        {
            address = dd.Address.ToString(),
            time_period = new { number = dd.Period.Number, length_minutes = dd.Period.LengthMinutes, start = Time(dd.Period.Start), guessed = dd.PeriodGuessed },
            revision_counter = d.RevisionCounter.Value,
            lifetime_minutes = d.LifetimeMinutes,
            size = dd.Size,
            first_layer_size = d.FirstLayerPlaintext.Length,
            second_layer_size = d.SecondLayerPlaintext.Length,
            signing_key = B64(d.OuterLayer.SigningKey),
            signing_cert_expires = Time(d.OuterLayer.SigningKeyCert.Expires),
            client_auth = d.UsedClientAuth,
            auth_client_lines = d.FirstLayer.AuthClients.Count,
            create2_formats = d.SecondLayer.Create2Formats,
            flow_control = d.SecondLayer.FlowControlVersions is null ? null : new { versions = d.SecondLayer.FlowControlVersions, sendme_inc = d.SecondLayer.FlowControlSendmeInc },
            intro_auth_required = d.SecondLayer.IntroAuthRequired,
            single_onion_service = d.SecondLayer.SingleOnionService,
            pow_params = d.SecondLayer.PowParams.Select(p => new
            {
                type = p.Type,
                seed = p.Seed is null ? null : B64(p.Seed),
                suggested_effort = p.SuggestedEffort,
                expiration = p.Expiration is { } e ? Time(e) : null,
            }),
            introduction_points = d.IntroductionPoints.Select(ip => new
            {
                link_specifiers = ip.LinkSpecifiers.Select(LinkJson),
                onion_key_ntor = B64(ip.OnionKeyNtor),
                auth_key = B64(ip.AuthKey),
                auth_key_cert_expires = Time(ip.AuthKeyCert.Expires),
                enc_key_ntor = B64(ip.EncKeyNtor),
                enc_key_cert_expires = Time(ip.EncKeyCert.Expires),
                enc_key_cert_matches = ip.EncKeyCertMatchesEncKey,
                legacy_key = ip.LegacyKey is not null,
            }),
        };
    }

    private sealed record LinkJsonDto(string type, string? address, int? port, string? value);

    private static LinkJsonDto LinkJson(LinkSpecifier l) => l switch
    {
        LinkSpecifier.IPv4 v4 => new("ipv4", v4.Address.ToString(), v4.Port, null),
        LinkSpecifier.IPv6 v6 => new("ipv6", v6.Address.ToString(), v6.Port, null),
        LinkSpecifier.LegacyId id => new("legacy-id", null, null, Convert.ToHexString(id.Fingerprint)),
        LinkSpecifier.Ed25519Id ed => new("ed25519-id", null, null, B64(ed.Key)),
        _ => new($"type-{l.Type}", null, null, Convert.ToHexStringLower(l.Body())),
    };
}
