package dev.diffvision.ops.core;

/**
 * Starts the engine in a fresh JVM and prints its report, or the bootstrap's error message with exit code 3;
 * lets {@link DiffVisionEngineTest} observe start-up failures without breaking the test JVM's engine.
 */
public final class EngineProbe {

    private EngineProbe() {}

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        try {
            System.out.println(DiffVisionEngine.start().describe());
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
