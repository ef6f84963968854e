package org.headend.simulator;

/**
 * Stateless, seeded noise: a value that depends only on its inputs, so a meter's instantaneous
 * readings at a given instant are the same in every run and on every thread (SplitMix64 finaliser).
 */
final class Noise {

    private Noise() {
    }

    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xC2B2AE3D27D4EB4FL * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    static double unit(long seed, long a, long b) {
        return (mix(seed, a, b) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [-1, 1). */
    static double symmetric(long seed, long a, long b) {
        return 2 * unit(seed, a, b) - 1;
    }
}
