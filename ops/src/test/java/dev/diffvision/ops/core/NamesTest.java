package dev.diffvision.ops.core;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The shared option-name parser: trimmed, case-insensitive matching against each constant's accepted name, and one
 * message ({@code <op>: expected <what> one of a, b, c, got '<given>'} or {@code got none}) listing the names in
 * declaration order. Exact string comparisons; no tolerance involved.
 */
class NamesTest {

    /** Constants whose accepted names are not their lower-case names. */
    private enum Layout {
        BG, GB;

        String label() {
            return "cfa_" + name();
        }
    }

    @Test
    void everyLowerCaseNameParsesToItsConstant() {
        for (BorderType t : BorderType.values()) {
            assertSame(t, Names.parse(BorderType.values(), t.name().toLowerCase(Locale.ROOT), "op", "x"));
        }
    }

    @Test
    void caseAndSurroundingWhiteSpaceAreIgnored() {
        assertSame(BorderType.REPLICATE, Names.parse(BorderType.values(), "  RePlicate\t", "op", "border_type"));
        assertSame(Layout.GB, Names.parse(Layout.values(), Layout::label, "CFA_gb ", "raw_to_rgb", "cfa"));
    }

    @Test
    void theNameFunctionDecidesWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Names.parse(Layout.values(), Layout::label, "gb", "raw_to_rgb", "cfa"));
        assertEquals("raw_to_rgb: expected cfa one of cfa_BG, cfa_GB, got 'gb'", e.getMessage());
    }

    @Test
    void unknownNameListsTheAcceptedNamesInDeclarationOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Names.parse(BorderType.values(), BorderType::kornia, " wrap", "sobel", "border_type"));
        assertEquals("sobel: expected border_type one of constant, reflect, replicate, circular, got ' wrap'",
                e.getMessage());
    }

    @Test
    void emptyAndNullNamesAreRejected() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Names.parse(Interpolation.values(), "", "resize", "mode"));
        assertEquals("resize: expected mode one of bilinear, nearest, bicubic, got ''", empty.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Names.parse(Interpolation.values(), null, "resize", "mode"));
        assertEquals("resize: expected mode one of bilinear, nearest, bicubic, got none", none.getMessage());
    }
}
