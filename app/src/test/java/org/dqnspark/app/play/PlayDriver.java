package org.dqnspark.app.play;

import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import org.dqnspark.app.Dqn;

/**
 * Plays {@code dqn play --step-mode} in this JVM (on the display its DISPLAY names) and drives its window with
 * {@link Robot} key presses, as a person would, one agent step per command, so no key press races the game:
 * <ul>
 * <li>{@code step} or {@code step:LEFT+FIRE}: holds those keys (UP, DOWN, LEFT, RIGHT, FIRE = space), presses
 *     Enter, waits until the window's status line shows the step played, releases them;
 * <li>{@code m}: presses m and waits until the status line shows the other one in control;
 * <li>{@code shot}: saves a screenshot of the window to the file given first.
 * </ul>
 * Then presses Esc and exits with the command's exit code.
 * Usage: {@code PlayDriver SCREENSHOT.png COMMAND... -- PLAY-ARGS...}
 */
public final class PlayDriver {
    private static final long TIMEOUT_MILLIS = 120_000;

    private PlayDriver() {
    }

    public static void main(String[] args) {
        try {
            drive(args);
        } catch (Exception | Error e) {
            // The game's thread would keep the JVM alive: end it, so the test fails now, with this trace.
            e.printStackTrace();
            System.exit(3);
        }
    }

    private static void drive(String[] args) throws Exception {
        Path screenshot = Path.of(args[0]);
        int separator = Arrays.asList(args).indexOf("--");
        List<String> script = Arrays.asList(args).subList(1, separator);
        String[] play = Arrays.copyOfRange(args, separator + 1, args.length);
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread dqn = new Thread(() -> exitCode.set(Dqn.execute(play, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true))), "dqn");
        dqn.start();

        Frame window = awaitWindow(dqn);
        JLabel status = (JLabel) find(window, PlayWindow.STATUS);
        int steps = 0;
        awaitStatus(status, " step 0 ");
        Robot robot = new Robot();
        robot.setAutoDelay(5);
        Point corner = window.getLocationOnScreen();
        // No window manager: the keyboard goes to the window under the pointer.
        robot.mouseMove(corner.x + window.getWidth() / 2, corner.y + window.getHeight() / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        boolean human = text(status).contains("HUMAN");
        for (String command : script) {
            if (command.equals("m")) {
                tap(robot, KeyEvent.VK_M);
                human = !human;
                awaitStatus(status, human ? "HUMAN" : "AGENT");
            } else if (command.equals("shot")) {
                robot.waitForIdle();
                Thread.sleep(300);
                Files.createDirectories(screenshot.toAbsolutePath().getParent());
                ImageIO.write(robot.createScreenCapture(new Rectangle(window.getLocationOnScreen(), window.getSize())),
                        "png", screenshot.toFile());
            } else if (command.startsWith("step")) {
                List<Integer> keys = keys(command);
                keys.forEach(robot::keyPress);
                robot.waitForIdle();
                tap(robot, KeyEvent.VK_ENTER);
                awaitStatus(status, " step " + ++steps + " ");
                keys.forEach(robot::keyRelease);
                robot.waitForIdle();
            } else {
                throw new IllegalArgumentException("unknown command " + command);
            }
            System.out.println("driver: did " + command + " (" + text(status) + ")");
        }
        tap(robot, KeyEvent.VK_ESCAPE);
        dqn.join(TIMEOUT_MILLIS);
        System.out.println("driver: dqn play exited with " + exitCode.get());
        System.exit(exitCode.get());
    }

    private static List<Integer> keys(String command) {
        List<Integer> keys = new ArrayList<>();
        if (command.contains(":")) {
            for (String key : command.substring(command.indexOf(':') + 1).split("\\+")) {
                keys.add(switch (key) {
                    case "UP" -> KeyEvent.VK_UP;
                    case "DOWN" -> KeyEvent.VK_DOWN;
                    case "LEFT" -> KeyEvent.VK_LEFT;
                    case "RIGHT" -> KeyEvent.VK_RIGHT;
                    case "FIRE" -> KeyEvent.VK_SPACE;
                    default -> throw new IllegalArgumentException("unknown key " + key);
                });
            }
        }
        return keys;
    }

    private static void tap(Robot robot, int key) {
        robot.keyPress(key);
        robot.keyRelease(key);
        robot.waitForIdle();
    }

    private static Frame awaitWindow(Thread dqn) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && dqn.isAlive()) {
            for (Frame frame : Frame.getFrames()) {
                // Swing's hidden owner frames have no title.
                String title = frame.getTitle();
                if (frame.isShowing() && title != null && title.startsWith("dqn play")) {
                    return frame;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no dqn play window appeared");
    }

    private static Component find(Container container, String name) {
        for (Component child : container.getComponents()) {
            if (name.equals(child.getName())) {
                return child;
            }
            if (child instanceof Container inner) {
                Component found = find(inner, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String text(JLabel label) throws Exception {
        AtomicReference<String> text = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> text.set(label.getText()));
        return text.get();
    }

    private static void awaitStatus(JLabel status, String part) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (text(status).contains(part)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the status line never showed '" + part + "': " + text(status));
    }
}
