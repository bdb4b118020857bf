using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Core;

/// <summary>
/// Either a value or an error: the one shape every layer returns from work on outside input
/// (parsers, key files, config files, plans), so that input never throws and callers handle both
/// cases the same way everywhere. <typeparamref name="TError"/> says how precise the error is:
/// <see cref="Problem"/> for files people write, a richer type where callers branch on the kind
/// (descriptors), a list where every problem is reported at once (plans).
/// </summary>
public readonly struct Result<T, TError> where TError : notnull
{
    private readonly T? _value;
    private readonly TError? _error;

    private Result(T? value, TError? error, bool ok) { _value = value; _error = error; IsSuccess = ok; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess { get; }

    /// <summary>The error, or null on success.</summary>
    public TError? Error => IsSuccess ? default : _error;

    /// <summary>The value; throws if this result is an error (a programming mistake, not input).</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"no value: {_error}");

    /// <summary>The value, or <c>default</c> when this is an error.</summary>
    public T? ValueOrDefault => IsSuccess ? _value : default;

    public bool TryGet([MaybeNullWhen(false)] out T value, [MaybeNullWhen(true)] out TError error)
    {
        value = _value!; error = _error!;
        return IsSuccess;
    }

    public static Result<T, TError> Success(T value) => new(value, default, true);

    public static Result<T, TError> Failure(TError error) =>
        new(default, error ?? throw new ArgumentNullException(nameof(error)), false);

    public static implicit operator Result<T, TError>(T value) => Success(value);

    public static implicit operator Result<T, TError>(TError error) => Failure(error);

    public Result<TOut, TError> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? Result<TOut, TError>.Success(map(_value!)) : Result<TOut, TError>.Failure(_error!);

    public Result<TOut, TError> Then<TOut>(Func<T, Result<TOut, TError>> next) =>
        IsSuccess ? next(_value!) : Result<TOut, TError>.Failure(_error!);

    public Result<T, TOut> MapError<TOut>(Func<TError, TOut> map) where TOut : notnull =>
        IsSuccess ? Result<T, TOut>.Success(_value!) : Result<T, TOut>.Failure(map(_error!));

    public override string ToString() => IsSuccess ? $"ok: {_value}" : $"error: {_error}";
}

/// <summary>Shorthands that let the compiler infer the type arguments.</summary>
public static class Result
{
    public static Result<T, Problem> Ok<T>(T value) => Result<T, Problem>.Success(value);

    public static Result<T, Problem> Fail<T>(Problem problem) => Result<T, Problem>.Failure(problem);

    public static Result<T, Problem> Fail<T>(string message) => Result<T, Problem>.Failure(new Problem(message));
}
