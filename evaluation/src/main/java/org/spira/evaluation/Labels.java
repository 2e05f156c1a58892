package org.spira.evaluation;

/** The two classes of SPIRA.md section 8: 0 = control, 1 = patient (respiratory insufficiency). */
final class Labels {
    static final int CONTROL = 0;
    static final int PATIENT = 1;

    private Labels() {}

    static void require(int label, String what) {
        if (label != CONTROL && label != PATIENT) {
            throw new IllegalArgumentException(
                    what + " = " + label + " is invalid: must be 0 (control) or 1 (patient)");
        }
    }
}
