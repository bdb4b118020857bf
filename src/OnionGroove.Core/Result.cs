using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Core;

/// <summary>
/// Either a value or an error: the one shape every layer returns from work on outside input
/// (parsers, key files, config files, plans), so that input never throws and callers handle both
/// cases the same way everywhere. <typeparamref name="TError"/> says how precise the error is:
/// <see cref="Problem"/> for files people write, a richer type where callers branch on the kind
/// (descriptors), a list where every problem is reported at once (plans).
/// <c>default(Result)</c> (an unassigned field or array slot) holds neither: it is not a success, and
/// asking it for its error or value throws, rather than handing out a null error.
/// </summary>
public readonly struct Result<T, TError> where TError : notnull
{
    private readonly T? _value;
    private readonly TError? _error;
    /// <summary>0 only in <c>default(Result)</c>: neither a value nor an error was given.</summary>
    private readonly byte _kind;
    private const byte Ok = 1, Failed = 2;

    private Result(T? value, TError? error, byte kind) { _value = value; _error = error; _kind = kind; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => _kind == Ok;

    /// <summary>The error, or null on success; throws on <c>default(Result)</c>, which has none.</summary>
    public TError? Error => IsSuccess ? default : FailureError;

    /// <summary>The value; throws if this result is an error (a programming mistake, not input).</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"no value: {FailureError}");

    /// <summary>The value, or <c>default</c> when this is an error.</summary>
    public T? ValueOrDefault => IsSuccess ? _value : default;

    public bool TryGet([MaybeNullWhen(false)] out T value, [MaybeNullWhen(true)] out TError error)
    {
        value = _value!;
        error = IsSuccess ? default! : FailureError;
        return IsSuccess;
    }

    private TError FailureError => _kind == Failed ? _error!
        : throw new InvalidOperationException($"default(Result<{typeof(T).Name}, {typeof(TError).Name}>) holds neither a value nor an error (an unassigned result)");

    public static Result<T, TError> Success(T value) => new(value, default, Ok);

    public static Result<T, TError> Failure(TError error) =>
        new(default, error ?? throw new ArgumentNullException(nameof(error)), Failed);

    public static implicit operator Result<T, TError>(T value) => Success(value);

    public static implicit operator Result<T, TError>(TError error) => Failure(error);

    public Result<TOut, TError> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? Result<TOut, TError>.Success(map(_value!)) : Result<TOut, TError>.Failure(FailureError);

    public Result<TOut, TError> Then<TOut>(Func<T, Result<TOut, TError>> next) =>
        IsSuccess ? next(_value!) : Result<TOut, TError>.Failure(FailureError);

    public Result<T, TOut> MapError<TOut>(Func<TError, TOut> map) where TOut : notnull =>
        IsSuccess ? Result<T, TOut>.Success(_value!) : Result<T, TOut>.Failure(map(FailureError));

    public override string ToString() => _kind switch { Ok => $"ok: {_value}", Failed => $"error: {_error}", _ => "default (neither value nor error)" };
}

/// <summary>Shorthands that let the compiler infer the type arguments.</summary>
public static class Result
{
    public static Result<T, Problem> Ok<T>(T value) => Result<T, Problem>.Success(value);

    public static Result<T, Problem> Fail<T>(Problem problem) => Result<T, Problem>.Failure(problem);

    public static Result<T, Problem> Fail<T>(string message) => Result<T, Problem>.Failure(new Problem(message));
}
