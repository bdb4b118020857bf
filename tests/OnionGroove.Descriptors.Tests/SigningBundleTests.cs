using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Offline;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Signing bundles (issue #12): round trip, certificates that chain to the blinded key, the expiry rule,
/// precise refusals of tampered files, and no identity or blinded secret in the bytes.</summary>
public sealed class SigningBundleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 16, 0, 0, TimeSpan.Zero);
    private readonly IdentitySecretKey _identity = IdentitySecretKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public void Dispose() => _identity.Dispose();

    private SigningBundle Issue(int count = 4, int length = 1440, int offset = 720) =>
        SigningBundleIssuer.Issue(_identity, TimePeriod.FromTime(Now, length, offset), count, Now);

    private static SigningBundle Parse(byte[] bytes)
    {
        var r = SigningBundleFormat.Parse(bytes);
        Assert.True(r.IsSuccess, r.IsSuccess ? "" : r.Error.ToString());
        return r.Value;
    }

    private static DescriptorError Refuse(byte[] bytes)
    {
        var r = SigningBundleFormat.Parse(bytes);
        Assert.False(r.IsSuccess, "a damaged bundle was accepted");
        return r.Error!;
    }

    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);
    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void A_bundle_round_trips_byte_for_byte_with_the_same_keys()
    {
        using var bundle = Issue();
        var bytes = SigningBundleFormat.Write(bundle);
        using var back = Parse(bytes);
        Assert.Equal(_identity.PublicKey, back.Identity);
        Assert.Equal(bundle.Created, back.Created);
        Assert.Equal(bundle.Periods.Select(p => p.Period), back.Periods.Select(p => p.Period));
        Assert.Equal(bundle.Periods.Select(p => p.SigningPublicKey), back.Periods.Select(p => p.SigningPublicKey));
        Assert.Equal(bytes, SigningBundleFormat.Write(back));
        // The seed in the file gives the certified key: a descriptor signed with it verifies under the cert's key.
        using var key = back.Periods[2].CreateSigningKey();
        Assert.True(Ed25519PublicKey.FromBytes(back.Periods[2].Certificate.CertifiedKey).Verify("x"u8, key.Sign("x"u8)));
        Assert.StartsWith($"oniongroove-signing-bundle 1\naddress {_identity.Address}\nperiod-length 1440\nrotation-offset 720\nperiods ", Text(bytes));
    }

    [Fact]
    public void Each_certificate_is_type_08_signed_by_the_blinded_key_of_its_period()
    {
        using var bundle = Issue(count: 3);
        foreach (var p in bundle.Periods)
        {
            // Parse the certificate afresh with the descriptor parser's TorCert, as tor clients would see it.
            var cert = TorCert.Parse(p.Certificate.Encoded, out var error);
            Assert.NotNull(cert);
            Assert.Null(error);
            var blinded = _identity.PublicKey.Blind(p.Period);
            using (var secretBlinded = _identity.Blind(p.Period)) Assert.Equal(blinded, secretBlinded.PublicKey);
            Assert.Equal(CertType.HsV3DescSigning, cert!.Type);
            Assert.Equal(blinded.AsSpan().ToArray(), cert.SigningKey);
            Assert.True(cert.VerifySignature(blinded.AsSpan()));
            Assert.False(cert.VerifySignature(_identity.PublicKey.Blind(p.Period.Next).AsSpan()));
            Assert.Equal(p.SigningPublicKey.AsSpan().ToArray(), cert.CertifiedKey);
        }
        Assert.Equal(3, bundle.Periods.Select(p => p.SigningPublicKey).Distinct().Count());
    }

    [Theory]
    [InlineData(1440, 720)]   // live network
    [InlineData(8, 4)]        // a test network with 20-second voting intervals
    [InlineData(90, 45)]
    public void Certificates_expire_when_the_last_descriptor_an_HSDir_may_serve_dies_rounded_up_to_the_hour(int length, int offset)
    {
        using var bundle = Issue(count: 5, length, offset);
        foreach (var p in bundle.Periods)
        {
            // rend-spec-v3 §2.2.4.2: uploaded as "second" from the SRV before the period, as "first" until the SRV after it;
            // §2.4: an HSDir keeps it at most 720 minutes after the last upload.
            var lastServed = p.Period.End.AddMinutes(offset).AddMinutes(720);
            Assert.True(p.Expires >= lastServed, $"{p}: expires before {lastServed:u}");
            Assert.True(p.Expires - lastServed < TimeSpan.FromHours(1), $"{p}: more than the hour rounding beyond {lastServed:u}");
            Assert.Equal(p.Period.Start.AddMinutes(-offset), p.ValidFrom);
        }
        if (length == 1440) Assert.All(bundle.Periods, p => Assert.Equal(p.Period.End.AddHours(24), p.Expires));
    }

    [Theory]
    [InlineData(16, 1440, 720)]  // between a new period and the SRV: the previous period is still published
    [InlineData(2, 1440, 720)]   // between the SRV and the next period: the next period is already published
    [InlineData(16, 8, 4)]
    public void Span_holds_every_period_a_service_publishes_for_during_the_days(int hour, int length, int offset)
    {
        var now = new DateTimeOffset(2026, 12, 5, hour, 7, 0, TimeSpan.Zero);
        var span = length == 1440 ? TimeSpan.FromDays(30) : TimeSpan.FromMinutes(10 * length);
        var (first, count) = SigningBundleIssuer.Span(now, span, length, offset);
        using var bundle = SigningBundleIssuer.Issue(_identity, first, count, now);
        // rend-spec-v3 §2.2.4.2: before the SRV inside a period (its first `offset` minutes) the service publishes the
        // previous and current periods' descriptors, after it the current and next ones.
        for (var t = now; t <= now + span; t = t.AddMinutes(Math.Max(1, length / 24)))
        {
            var current = TimePeriod.FromTime(t, length, offset);
            var needed = t < current.Start.AddMinutes(offset) ? new[] { current.Previous, current } : [current, current.Next];
            Assert.All(needed, p => Assert.True(bundle.For(p) is not null, $"no key for period {p.Number} at {t:u}"));
        }
        Assert.True(count <= span.TotalMinutes / length + 2, $"{count} periods: more than the span needs");
        Assert.True(bundle.FullyCoversUntil > now + span);
        Assert.Null(bundle.CheckUsable(now));
        Assert.Equal(bundle.CoversUntil - now, bundle.Remaining(now));
        Assert.Contains("ran out", bundle.CheckUsable(bundle.CoversUntil));
        Assert.Equal(TimeSpan.Zero, bundle.Remaining(bundle.CoversUntil.AddDays(1)));
        Assert.Contains("has no key", bundle.CheckUsable(first.Start.AddMinutes(-1)));
        Assert.Null(bundle.For(bundle.Last.Next));
        Assert.Null(bundle.For(first with { LengthMinutes = length + 1 }));
    }

    private static string Replace(string text, string line, Func<string, string> change)
    {
        var lines = text.Split('\n');
        var i = Array.FindIndex(lines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.True(i >= 0, line);
        lines[i] = change(lines[i]);
        return string.Join('\n', lines);
    }

    private static int LineOf(string text, string prefix) => Array.FindIndex(text.Split('\n'), l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;

    [Fact]
    public void A_flipped_bit_in_a_certificate_signature_is_refused_with_its_line()
    {
        using var bundle = Issue();
        var text = Text(SigningBundleFormat.Write(bundle));
        var certLine = "signing-key-cert " + Convert.ToBase64String(bundle.Periods[1].Certificate.Encoded);
        var cert = bundle.Periods[1].Certificate.Encoded.ToArray();
        cert[^5] ^= 1;
        var e = Refuse(Bytes(text.Replace(certLine, "signing-key-cert " + Convert.ToBase64String(cert))));
        Assert.Equal(DescriptorErrorKind.BadSignature, e.Kind);
        Assert.Equal(LineOf(text, certLine), e.Line);
        Assert.Contains($"period {bundle.Periods[1].Period.Number}", e.Message);
    }

    [Fact]
    public void Certificates_moved_to_another_period_or_address_do_not_chain()
    {
        using var bundle = Issue();
        var text = Text(SigningBundleFormat.Write(bundle));
        string Cert(int i) => "signing-key-cert " + Convert.ToBase64String(bundle.Periods[i].Certificate.Encoded);
        string Seed(int i) => "signing-key-seed " + Convert.ToBase64String(bundle.Periods[i].Seed);
        // Period 0's seed and cert placed under period 1.
        var swapped = text.Replace(Cert(1), Cert(0)).Replace(Seed(1), Seed(0));
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, Refuse(Bytes(swapped)).Kind);
        // The same periods claimed for another address.
        using var other = IdentitySecretKey.Generate();
        var e = Refuse(Bytes(Replace(text, "address ", _ => $"address {other.Address}")));
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, e.Kind);
        Assert.Equal(LineOf(text, "signing-key-cert"), e.Line);
        // Another period length changes every blinded key.
        Assert.Equal(DescriptorErrorKind.WrongBlindedKey, Refuse(Bytes(Replace(text, "period-length ", _ => "period-length 1439"))).Kind);
    }

    [Fact]
    public void A_seed_that_is_not_the_certified_key_is_refused()
    {
        using var bundle = Issue();
        var text = Text(SigningBundleFormat.Write(bundle));
        var e = Refuse(Bytes(Replace(text, "signing-key-seed ", _ => "signing-key-seed " + Convert.ToBase64String(new byte[32]))));
        Assert.Equal(DescriptorErrorKind.BadCertificate, e.Kind);
        Assert.Contains("certifies another key", e.Message);
    }

    [Fact]
    public void A_certificate_with_another_expiry_is_refused_even_when_properly_signed()
    {
        using var bundle = Issue(count: 1);
        var p = bundle.Periods[0];
        using var blinded = _identity.Blind(p.Period);
        var longer = TorCertBuilder.Build(CertType.HsV3DescSigning, p.SigningPublicKey.AsSpan(), CertificateWindow.ExpirationHours(p.Period) + 24 * 30,
            blinded.PublicKey.AsSpan(), blinded.Sign);
        var text = Text(SigningBundleFormat.Write(bundle));
        var e = Refuse(Bytes(Replace(text, "signing-key-cert ", _ => "signing-key-cert " + Convert.ToBase64String(longer))));
        Assert.Equal(DescriptorErrorKind.BadCertificate, e.Kind);
        Assert.Contains("validity rule", e.Message);
    }

    [Fact]
    public void Missing_duplicated_or_renumbered_periods_and_truncation_are_refused_precisely()
    {
        using var bundle = Issue();
        var text = Text(SigningBundleFormat.Write(bundle));
        var n1 = bundle.Periods[1].Period.Number;
        var renumbered = Refuse(Bytes(text.Replace($"period {n1}\n", $"period {n1 + 1}\n")));
        Assert.Contains($"period {n1 + 1} where period {n1} was expected", renumbered.Message);
        Assert.Equal(LineOf(text, $"period {n1}"), renumbered.Line);

        var lines = text.Split('\n').ToList();
        var at = LineOf(text, $"period {n1}") - 1;
        var dropped = string.Join('\n', lines.Take(at).Concat(lines.Skip(at + 3)));
        Assert.Contains("consecutive", Refuse(Bytes(dropped)).Message);

        Assert.Contains("does not end with a newline", Refuse(Bytes(text[..^1])).Message);
        var noEnd = Refuse(Bytes(text[..^"end\n".Length]));
        Assert.Contains("truncated", noEnd.Message);
        Assert.Contains("'end' expected", noEnd.Message);
        Assert.Contains("truncated", Refuse(Bytes(text[..text.IndexOf("signing-key-cert", StringComparison.Ordinal)])).Message);
        Assert.Contains("text after 'end'", Refuse(Bytes(text + "end\n")).Message);
        Assert.Contains("unsupported bundle version '2'", Refuse(Bytes(text.Replace("bundle 1\n", "bundle 2\n"))).Message);
        Assert.Contains("not a signing bundle", Refuse(Bytes("hs-descriptor 3\n")).Message);
        Assert.Contains("not printable ASCII", Refuse(Bytes(text.Replace("end\n", "end\0\n"))).Message);
        Assert.Equal(DescriptorErrorKind.TooLarge, Refuse(new byte[SigningBundleFormat.MaxBytes + 1]).Kind);
        Assert.Contains("over the limit", Refuse(Bytes(Replace(text, "periods ", _ => $"periods 0 {SigningBundleFormat.MaxPeriods}"))).Message);
        Assert.Contains("after the year 9000", Refuse(Bytes(Replace(text, "periods ", _ => "periods 4294967290 4294967295"))).Message);
        Assert.Contains("FIRST ≤ LAST", Refuse(Bytes(Replace(text, "periods ", _ => "periods 5 4"))).Message);
        Assert.Contains("must be 32 bytes", Refuse(Bytes(Replace(text, "signing-key-seed ", l => l + "AAAA"))).Message);
        Assert.Contains("period-length", Refuse(Bytes(Replace(text, "period-length ", _ => "period-length 01440"))).Message);
    }

    [Fact]
    public void The_bytes_hold_neither_the_identity_secret_nor_any_blinded_secret()
    {
        using var bundle = Issue(count: 6);
        var bytes = SigningBundleFormat.Write(bundle);
        var text = Text(bytes);
        var secrets = new List<byte[]>();
        var expanded = new byte[64];
        _identity.ExportExpanded(expanded);
        secrets.Add(expanded[..32]); secrets.Add(expanded[32..]);
        foreach (var p in bundle.Periods)
        {
            using var blinded = _identity.Blind(p.Period);
            var b = new byte[64];
            blinded.ExportExpanded(b);
            secrets.Add(b[..32]); secrets.Add(b[32..]);
        }
        foreach (var s in secrets)
        {
            Assert.False(bytes.AsSpan().IndexOf(s) >= 0, "a secret appears raw in the bundle");
            // Base64 of a secret at any of the three byte alignments.
            for (var shift = 0; shift < 3; shift++)
                Assert.DoesNotContain(Convert.ToBase64String(s[shift..])[4..^4], text);
            Assert.DoesNotContain(Convert.ToHexString(s), text, StringComparison.OrdinalIgnoreCase);
        }
        // The scan can fail: it finds a signing key's seed, which is in the file.
        Assert.Contains(Convert.ToBase64String(bundle.Periods[0].Seed.ToArray())[4..^4], text);
    }

    [Fact]
    public void Mutated_bundles_never_throw()
    {
        using var bundle = Issue(count: 2);
        var valid = SigningBundleFormat.Write(bundle);
        var report = Fuzzer.Run("signing bundles", Fuzzer.Seed(12_01), 4000, [valid], bytes =>
        {
            var r = SigningBundleFormat.Parse(bytes);
            if (r.IsSuccess)
            {
                using var b = r.Value;
                // An accepted mutation must still be a bundle whose every cert chains to its address.
                Assert.All(b.Periods, p => Assert.True(p.Certificate.VerifySignature(b.Identity.Blind(p.Period).AsSpan())));
                return null;
            }
            return r.Error.ToString();
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > report.Cases * 9 / 10, report.ToString());
    }
}
