package org.spira.features.spark;

import java.io.Serializable;

/**
 * How many noisy variants each recording gets, and how many noise segments each variant adds,
 * per class (SPIRA.md section 4: the paper's best setting adds 3 noises to controls and 3 to
 * patients). Variant 0, the clean signal, is always produced.
 *
 * @param controlVariants noisy variants per control recording (label 0), >= 0
 * @param patientVariants noisy variants per patient recording (label 1), >= 0
 * @param controlNoises noise segments per noisy variant of a control, >= 1
 * @param patientNoises noise segments per noisy variant of a patient, >= 1
 * @param seed seed of every noise draw
 */
public record VariantPlan(int controlVariants, int patientVariants, int controlNoises, int patientNoises, long seed)
        implements Serializable {

    public VariantPlan {
        requireAtLeast("controlVariants", controlVariants, 0);
        requireAtLeast("patientVariants", patientVariants, 0);
        requireAtLeast("controlNoises", controlNoises, 1);
        requireAtLeast("patientNoises", patientNoises, 1);
    }

    /** Only the clean variant. */
    public static VariantPlan cleanOnly() {
        return new VariantPlan(0, 0, 1, 1, 0);
    }

    /** Noisy variants for a recording with this label (0 control, 1 patient). */
    public int variants(int label) {
        return checkLabel(label) == 0 ? controlVariants : patientVariants;
    }

    /** Noise segments per noisy variant for this label. */
    public int noises(int label) {
        return checkLabel(label) == 0 ? controlNoises : patientNoises;
    }

    /** Whether any recording gets a noisy variant (and so a noise corpus is needed). */
    public boolean needsNoise() {
        return controlVariants > 0 || patientVariants > 0;
    }

    private static int checkLabel(int label) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 (control) or 1 (patient), got " + label);
        }
        return label;
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(
                    "VariantPlan." + name + " = " + value + " is invalid: must be >= " + min + ".");
        }
    }
}
