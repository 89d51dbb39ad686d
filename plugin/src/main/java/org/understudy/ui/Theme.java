package org.understudy.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import java.util.Locale;
import javax.swing.UIManager;

/**
 * FlatLaf light or dark, for the studio window and the plugin editor. The plugin follows the system
 * property {@code understudy.theme} or the environment variable {@code UNDERSTUDY_THEME}
 * ({@code light} or {@code dark}), light when neither is set. [edt]
 */
public final class Theme {
    private static boolean dark;

    private Theme() {}

    /** [any-thread] Whether the property or the environment asks for dark. */
    public static boolean darkByDefault() {
        final String v = System.getProperty("understudy.theme", System.getenv("UNDERSTUDY_THEME"));
        return v != null && v.strip().toLowerCase(Locale.ROOT).equals("dark");
    }

    /** [edt] Installs the look and feel; with {@code update}, repaints every open window in it. */
    public static void apply(boolean darkTheme, boolean update) {
        dark = darkTheme;
        if (darkTheme) FlatDarkLaf.setup();
        else FlatLightLaf.setup();
        if (update) FlatLaf.updateUI();
    }

    /** [edt] */
    public static boolean isDark() {
        return dark;
    }

    /** [edt] A colour from the look and feel, or {@code fallback}. */
    static Color color(String key, Color fallback) {
        final Color c = UIManager.getColor(key);
        return c != null ? c : fallback;
    }

    /** [edt] The colour of errors. */
    static Color error() {
        return color("Actions.Red", dark ? new Color(0xE0, 0x6C, 0x75) : new Color(0xC0, 0x30, 0x30));
    }

    /** [edt] The accent, for waveforms. */
    static Color accent() {
        return color("Component.accentColor", color("Actions.Blue", new Color(0x38, 0x8B, 0xFD)));
    }
}
