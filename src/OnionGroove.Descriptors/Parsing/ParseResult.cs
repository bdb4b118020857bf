using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Descriptors.Parsing;

/// <summary>Either a value or a <see cref="DescriptorError"/>: network input never throws.</summary>
public readonly struct ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, DescriptorError? error) { _value = value; Error = error; }

    public DescriptorError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Error is null;

    /// <summary>The parsed value; throws if this result is an error (a programming mistake, not input).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"no value: {Error}");

    public bool TryGet([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out DescriptorError? error)
    {
        value = _value; error = Error;
        return Error is null;
    }

    public static ParseResult<T> Success(T value) => new(value, null);
    public static ParseResult<T> Failure(DescriptorError error) => new(default, error);

    public static implicit operator ParseResult<T>(DescriptorError error) => Failure(error);
    public static implicit operator ParseResult<T>(T value) => Success(value);

    public ParseResult<TOut> Map<TOut>(Func<T, TOut> f) => Ok ? ParseResult<TOut>.Success(f(_value!)) : ParseResult<TOut>.Failure(Error);
}

public static class ParseResult
{
    public static ParseResult<T> Success<T>(T value) => ParseResult<T>.Success(value);
}
