package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RouteProperties {
    @Property(tries = 200)
    void visitsEveryPointOnceStartingAtTheFirstAndIsNoLongerThanNearestNeighbourAlone(
            @ForAll @IntRange(min = 1, max = 120) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] lat = new double[n];
        double[] lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = 31 + rnd.nextDouble(0.1);
            lon[i] = 121 + rnd.nextDouble(0.1);
        }
        int[] tour = Route.order(lat, lon);
        assertEquals(0, tour[0]);
        int[] sorted = tour.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        // nearest neighbour alone, as a baseline
        int[] nn = new int[n];
        boolean[] seen = new boolean[n];
        seen[0] = true;
        for (int i = 1; i < n; i++) {
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (!seen[j] && (best < 0 || Route.dist(lat, lon, nn[i - 1], j) < Route.dist(lat, lon, nn[i - 1], best))) {
                    best = j;
                }
            }
            nn[i] = best;
            seen[best] = true;
        }
        assertTrue(Route.length(tour, lat, lon) <= Route.length(nn, lat, lon) + 1e-9);
    }

    @Test
    void pointsOnAStreetAreVisitedAlongIt() {
        double[] lat = {31.0, 31.004, 31.001, 31.003, 31.002};
        double[] lon = {121.0, 121.0, 121.0, 121.0, 121.0};
        assertArrayEquals(new int[]{0, 2, 4, 3, 1}, Route.order(lat, lon));
    }
}
