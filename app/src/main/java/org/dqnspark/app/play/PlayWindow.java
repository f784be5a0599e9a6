package org.dqnspark.app.play;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.dqnspark.core.env.ScreenWatcher;

/**
 * {@code dqn play}'s window: the game's screen scaled up (nearest neighbour, so pixels stay sharp), a status
 * line and the keys. Arrows and space are held game keys, read by the {@link PlayLoop} at each step; {@code m},
 * {@code a}, {@code s}, {@code p}, Esc and closing the window are commands to it; Enter plays a step in step mode.
 */
final class PlayWindow implements ScreenWatcher {
    /** The status line's component name (tests read it). */
    static final String STATUS = "status";

    private final JFrame frame;
    private final Screen screen;
    private final JLabel status = new JLabel(" ");
    private volatile boolean up;
    private volatile boolean down;
    private volatile boolean left;
    private volatile boolean right;
    private volatile boolean fire;
    private volatile PlayLoop loop;

    /** Builds the window (on the event thread); it shows when {@link #open} is called. */
    PlayWindow(String title, int screenWidth, int screenHeight, int scale, String actions) {
        frame = new JFrame(title);
        screen = new Screen(screenWidth, screenHeight, scale);
        status.setName(STATUS);
        status.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        JLabel help = new JLabel("<html>arrows move (two: diagonal), space FIRE, no key NOOP<br>m agent/human, a slower,"
                + " s faster, p pause, Esc quit<br>actions: " + actions + "</html>");
        help.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        JPanel text = new JPanel(new BorderLayout());
        text.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
        text.add(status, BorderLayout.NORTH);
        text.add(help, BorderLayout.SOUTH);
        frame.getContentPane().add(screen, BorderLayout.CENTER);
        frame.getContentPane().add(text, BorderLayout.SOUTH);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.setResizable(false);
    }

    /** From now on the window's keys and its closing drive {@code loop}. */
    void attach(PlayLoop loop) {
        this.loop = loop;
    }

    /** Shows the window (on the event thread), after {@link #attach}. */
    void open() {
        frame.addKeyListener(new KeyAdapter() {
            @Override
            public void keyPressed(KeyEvent e) {
                key(e.getKeyCode(), true);
            }

            @Override
            public void keyReleased(KeyEvent e) {
                key(e.getKeyCode(), false);
            }
        });
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                loop.stop();
            }
        });
        frame.pack();
        frame.setLocation(0, 0);
        frame.setVisible(true);
        frame.requestFocus();
    }

    private void key(int code, boolean pressed) {
        switch (code) {
            case KeyEvent.VK_UP -> up = pressed;
            case KeyEvent.VK_DOWN -> down = pressed;
            case KeyEvent.VK_LEFT -> left = pressed;
            case KeyEvent.VK_RIGHT -> right = pressed;
            case KeyEvent.VK_SPACE -> fire = pressed;
            default -> {
                if (pressed) {
                    command(code);
                }
            }
        }
    }

    private void command(int code) {
        switch (code) {
            case KeyEvent.VK_M -> loop.toggleControl();
            case KeyEvent.VK_A -> loop.slower();
            case KeyEvent.VK_S -> loop.faster();
            case KeyEvent.VK_P -> loop.togglePause();
            case KeyEvent.VK_ENTER -> loop.requestStep();
            case KeyEvent.VK_ESCAPE -> loop.stop();
            default -> {
            }
        }
    }

    /** The game keys held now. */
    HeldKeys heldKeys() {
        return new HeldKeys(up, down, left, right, fire);
    }

    @Override
    public void onFrame(int[] rgb, int width, int height) {
        screen.show(rgb, width, height);
    }

    /** Shows the status after a step (any thread): who plays, the score, the clock, and the snapshot's Q-values. */
    void showStatus(PlaySession.Status s, KeyActions keys) {
        StringBuilder text = new StringBuilder("<html>");
        text.append(String.format(Locale.ROOT, "score %.0f | lives %d | episode %d | step %d | %s", s.score(),
                s.lives(), s.episode(), s.agentSteps(), s.humanInControl() ? "HUMAN"
                        : String.format(Locale.ROOT, "AGENT %s eps %.2f", s.controller(), s.epsilon())));
        text.append("<br>").append(loop.stepMode() ? "step mode: Enter plays a step" : loop.paused() ? "PAUSED"
                : String.format(Locale.ROOT, "%.4g agent steps/s", loop.stepsPerSecond()));
        text.append(" | last ").append(s.lastAction()).append(" | episodes saved ").append(s.episodesCommitted());
        if (s.qValues().length > 0) {
            text.append("<br>Q");
            for (int a = 0; a < s.qValues().length; a++) {
                text.append(String.format(Locale.ROOT, " %s %.3f", keys.name(a), s.qValues()[a]));
            }
        }
        String shown = text.append("</html>").toString();
        SwingUtilities.invokeLater(() -> status.setText(shown));
    }

    /** Closes the window (any thread). */
    void dispose() {
        SwingUtilities.invokeLater(frame::dispose);
    }

    /** The game's screen, scaled. */
    private static final class Screen extends JPanel {
        private final int scale;
        private volatile BufferedImage image;

        Screen(int width, int height, int scale) {
            this.scale = scale;
            this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            setPreferredSize(new Dimension(width * scale, height * scale));
            setBackground(Color.BLACK);
        }

        void show(int[] rgb, int width, int height) {
            BufferedImage next = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            next.setRGB(0, 0, width, height, rgb, 0, width);
            image = next;
            repaint();
        }

        @Override
        protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            Graphics2D g2 = (Graphics2D) g;
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            BufferedImage shown = image;
            g2.drawImage(shown, 0, 0, shown.getWidth() * scale, shown.getHeight() * scale, null);
        }
    }
}
