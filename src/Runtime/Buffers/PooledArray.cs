using System.Buffers;

namespace TypedSockets.Buffers;

/// <summary>
/// An array rented from <see cref="ArrayPool{T}.Shared"/> that goes back exactly once: <see cref="Dispose"/> returns
/// it unless its ownership moved on with <see cref="Move"/>. A default instance owns nothing.
/// </summary>
/// <remarks>
/// A struct, so holding a buffer costs no allocation. A lease whose ownership may move is kept in a plain local with
/// <c>try</c>/<c>finally</c>, not in a <c>using</c> declaration: a <c>using</c> local is read-only, and
/// <see cref="Move"/> on it would act on a copy and leave the original to return the array a second time.
/// </remarks>
internal struct PooledArray<T> : IDisposable
{
    private T[]? _array;

    private PooledArray(T[] array) => _array = array;

    /// <summary>The rented array; it may be longer than asked for. Throws once returned or moved.</summary>
    public readonly T[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledArray<T>));

    /// <summary>True when this lease owns nothing (default, returned or moved).</summary>
    public readonly bool IsEmpty => _array is null;

    /// <summary>Rents an array of at least <paramref name="minimumLength"/> elements.</summary>
    public static PooledArray<T> Rent(int minimumLength) => new(ArrayPool<T>.Shared.Rent(minimumLength));

    /// <summary>Rents an array holding a copy of <paramref name="source"/>.</summary>
    public static PooledArray<T> CopyOf(ReadOnlySpan<T> source)
    {
        var lease = Rent(source.Length);
        source.CopyTo(lease._array);
        return lease;
    }

    /// <summary>Hands the array to a new owner: the returned lease returns it, this one no longer does.</summary>
    public PooledArray<T> Move()
    {
        var moved = this;
        _array = null;
        return moved;
    }

    /// <summary>Returns the array to the pool, once; later calls do nothing.</summary>
    public void Dispose()
    {
        var array = _array;
        _array = null;
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
