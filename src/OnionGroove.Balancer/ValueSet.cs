using System.Collections;

namespace OnionGroove.Balancer;

/// <summary>An immutable set that equals another holding the same members, in any order. The
/// balancer decides whether to upload by comparing what it would publish with what it did (intro
/// points, HSDirs, live backends); comparing the sets themselves says that directly.</summary>
public sealed class ValueSet<T> : IEquatable<ValueSet<T>>, IReadOnlyCollection<T> where T : IEquatable<T>
{
    private readonly HashSet<T> _items; // never changed after construction
    private readonly int _hash;

    public ValueSet(IEnumerable<T> items)
    {
        _items = [.. items];
        // Order-independent, so equal sets hash alike however they were built.
        foreach (var item in _items) _hash = unchecked(_hash + item.GetHashCode());
    }

    public static ValueSet<T> Empty { get; } = new([]);

    public int Count => _items.Count;
    public bool Contains(T item) => _items.Contains(item);

    public bool Equals(ValueSet<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _items.Count == other._items.Count && _items.SetEquals(other._items)));

    public override bool Equals(object? obj) => Equals(obj as ValueSet<T>);
    public override int GetHashCode() => _hash;
    public static bool operator ==(ValueSet<T>? a, ValueSet<T>? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(ValueSet<T>? a, ValueSet<T>? b) => !(a == b);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
