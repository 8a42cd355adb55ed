using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender;

/// <summary>
/// Dot product and axpy on float spans for the training kernels. They do what TensorPrimitives.Dot and
/// MultiplyAdd do, but are small enough to inline into callers marked AggressiveOptimization, so a training run
/// never executes them unoptimised (tier-0 code of the generic TensorPrimitives kernels cost about half of a
/// one-second MovieLens training; measured in the foundation issue). Elsewhere use TensorPrimitives.
/// </summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var n = x.Length;
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var last = n - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                acc += Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref px, i) * Unsafe.Add(ref py, i);
        }

        return sum;
    }

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var last = n - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref py, (nuint)i) + (va * Vector.LoadUnsafe(ref px, (nuint)i))).StoreUnsafe(ref py, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref py, i) += a * Unsafe.Add(ref px, i);
        }
    }
}
