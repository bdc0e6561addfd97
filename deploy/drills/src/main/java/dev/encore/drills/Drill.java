package dev.encore.drills;

/** One fault or attack replayed against the running stack; it prints its figures into its report as it goes. */
interface Drill {

    String name();

    /** What it does, for the run's header and {@code --help}. */
    String summary();

    void run(DrillStack stack, Settings settings, Report report) throws Exception;

    /** The knobs that differ between the full drill and the CI variant. */
    record Settings(boolean quick) {

        int pick(int full, int quickValue) {
            return quick ? quickValue : full;
        }
    }
}
