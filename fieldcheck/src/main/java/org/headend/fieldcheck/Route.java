package org.headend.fieldcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * A short round through one area's meters: nearest neighbour from the first point, then 2-opt
 * until no exchange shortens it (or {@value #MAX_PASSES} passes). Not optimal, usually within a
 * few percent of it, and fast enough for thousands of meters per area. Distances are equirectangular
 * (exact enough within an area).
 */
final class Route {
    static final int MAX_PASSES = 50;
    /** Beyond this many stops 2-opt (quadratic per pass) is skipped: nearest neighbour alone. */
    static final int TWO_OPT_LIMIT = 3000;

    private Route() {
    }

    /** Visiting order of the points (lat, lon in degrees), as indexes into them, starting at index 0. */
    static int[] order(double[] lat, double[] lon) {
        int n = lat.length;
        int[] tour = nearestNeighbour(lat, lon);
        if (n > 3 && n <= TWO_OPT_LIMIT) {
            twoOpt(tour, lat, lon);
        }
        return tour;
    }

    static double length(int[] tour, double[] lat, double[] lon) {
        double sum = 0;
        for (int i = 0; i + 1 < tour.length; i++) {
            sum += dist(lat, lon, tour[i], tour[i + 1]);
        }
        return sum;
    }

    private static int[] nearestNeighbour(double[] lat, double[] lon) {
        int n = lat.length;
        int[] tour = new int[n];
        boolean[] seen = new boolean[n];
        if (n == 0) {
            return tour;
        }
        seen[0] = true;
        for (int i = 1; i < n; i++) {
            int from = tour[i - 1];
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                if (!seen[j]) {
                    double d = dist(lat, lon, from, j);
                    if (d < bestD) {
                        bestD = d;
                        best = j;
                    }
                }
            }
            tour[i] = best;
            seen[best] = true;
        }
        return tour;
    }

    /** Open-path 2-opt: reverse tour[i..k] when that shortens the path; the start stays first. */
    private static void twoOpt(int[] tour, double[] lat, double[] lon) {
        int n = tour.length;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean improved = false;
            for (int i = 1; i < n - 1; i++) {
                for (int k = i + 1; k < n; k++) {
                    double before = dist(lat, lon, tour[i - 1], tour[i]) + (k + 1 < n ? dist(lat, lon, tour[k], tour[k + 1]) : 0);
                    double after = dist(lat, lon, tour[i - 1], tour[k]) + (k + 1 < n ? dist(lat, lon, tour[i], tour[k + 1]) : 0);
                    if (after < before - 1e-12) {
                        reverse(tour, i, k);
                        improved = true;
                    }
                }
            }
            if (!improved) {
                return;
            }
        }
    }

    private static void reverse(int[] t, int i, int k) {
        while (i < k) {
            int x = t[i];
            t[i++] = t[k];
            t[k--] = x;
        }
    }

    static double dist(double[] lat, double[] lon, int a, int b) {
        double mean = Math.toRadians((lat[a] + lat[b]) / 2);
        double dx = Math.toRadians(lon[b] - lon[a]) * Math.cos(mean);
        double dy = Math.toRadians(lat[b] - lat[a]);
        return Math.sqrt(dx * dx + dy * dy) * 6371.0;
    }

    /** Indexes as a list, for tests. */
    static List<Integer> asList(int[] tour) {
        List<Integer> out = new ArrayList<>(tour.length);
        for (int i : tour) {
            out.add(i);
        }
        return out;
    }
}
