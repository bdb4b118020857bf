namespace OnionGroove.Age.Ssh;

/// <summary>The Blowfish cipher state with the "expensive key schedule" operations that
/// bcrypt_pbkdf needs (Provos and Mazières, "A Future-Adaptable Password Scheme").</summary>
internal sealed class Blowfish
{
    private readonly uint[] _p = new uint[18];
    private readonly uint[] _s = new uint[1024];

    public Blowfish()
    {
        var init = BlowfishPi.InitialState;
        init[..18].CopyTo(_p);
        init[18..].CopyTo(_s);
    }

    private uint F(uint x) =>
        ((_s[x >> 24] + _s[256 + ((x >> 16) & 0xff)]) ^ _s[512 + ((x >> 8) & 0xff)]) + _s[768 + (x & 0xff)];

    public void Encipher(ref uint left, ref uint right)
    {
        var l = left ^ _p[0];
        var r = right;
        for (var i = 1; i <= 16; i += 2)
        {
            r ^= F(l) ^ _p[i];
            l ^= F(r) ^ _p[i + 1];
        }
        left = r ^ _p[17];
        right = l;
    }

    /// <summary>Reads 4 bytes big-endian, cycling over data.</summary>
    private static uint StreamToWord(ReadOnlySpan<byte> data, ref int position)
    {
        uint w = 0;
        for (var i = 0; i < 4; i++)
        {
            w = (w << 8) | data[position];
            position = (position + 1) % data.Length;
        }
        return w;
    }

    /// <summary>Blowfish_expandstate: key into P, then re-encrypt the state mixing in data (the salt).</summary>
    public void ExpandState(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
    {
        var j = 0;
        for (var i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
        j = 0;
        uint l = 0, r = 0;
        for (var i = 0; i < 18; i += 2)
        {
            l ^= StreamToWord(data, ref j);
            r ^= StreamToWord(data, ref j);
            Encipher(ref l, ref r);
            _p[i] = l;
            _p[i + 1] = r;
        }
        for (var i = 0; i < 1024; i += 2)
        {
            l ^= StreamToWord(data, ref j);
            r ^= StreamToWord(data, ref j);
            Encipher(ref l, ref r);
            _s[i] = l;
            _s[i + 1] = r;
        }
    }

    /// <summary>Blowfish_expand0state: the plain Blowfish key schedule (no salt).</summary>
    public void ExpandZeroState(ReadOnlySpan<byte> key)
    {
        var j = 0;
        for (var i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
        uint l = 0, r = 0;
        for (var i = 0; i < 18; i += 2)
        {
            Encipher(ref l, ref r);
            _p[i] = l;
            _p[i + 1] = r;
        }
        for (var i = 0; i < 1024; i += 2)
        {
            Encipher(ref l, ref r);
            _s[i] = l;
            _s[i + 1] = r;
        }
    }

    public void Clear()
    {
        Array.Clear(_p);
        Array.Clear(_s);
    }
}
