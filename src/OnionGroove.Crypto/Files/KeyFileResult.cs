using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Crypto;

/// <summary>The outcome of reading a key file: the key, or a precise reason it was refused.
/// Errors never contain secret bytes.</summary>
public sealed class KeyFileResult<T> where T : class
{
    private KeyFileResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public static KeyFileResult<T> Success(T value) => new(value, null);

    public static KeyFileResult<T> Failure(string error) => new(null, error);

    /// <summary>The key, or an <see cref="InvalidDataException"/> carrying the reason.</summary>
    public T GetValueOrThrow() => Value ?? throw new InvalidDataException(Error);

    public override string ToString() => IsSuccess ? $"ok: {Value}" : $"error: {Error}";
}
