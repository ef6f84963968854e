package org.headend.app;

/** The command-line launcher: {@code headend demo|collect|simulate|decode}. */
public final class Headend {
    public static void main(String[] args) {
        System.out.println("headend: commands arrive with the spine");
    }
}
