package org.spira.features.cli;

import java.nio.file.Path;
import org.spira.features.RejectReason;

/** What happened to one input file: one tab-separated line of the command's output. */
record InputOutcome(boolean accepted, String line) {

    static InputOutcome ok(Path input, int windows, Path output) {
        return new InputOutcome(true, "ok\t" + input + "\t" + windows + " windows\t" + output);
    }

    static InputOutcome rejected(Path input, RejectReason reason, String message) {
        return new InputOutcome(false, "rejected\t" + input + "\t" + reason.code() + "\t" + message);
    }
}
