package im.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * CPU time as Linux's /proc counts it, in ticks of 10 ms: a process's (the server's, when
 * it runs on this machine), and the whole machine's, so that a run can say whether the
 * machine was saturated. Reads answer 0 where /proc is not there.
 */
final class ProcCpu {

	private static final long NANOS_PER_TICK = 10_000_000L;

	private ProcCpu() {
	}

	/** The process's user and system CPU, in nanoseconds; 0 for pid 0 or no /proc. */
	static long processNanos(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime: fields 14 and 15 of the line, indexes 11 and 12 after the
			// name
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Waits until the process has done what it had to (below a tenth of a core over half
	 * a second), at most {@code max}; returns how long it waited. On one core the
	 * server's JIT compiles what a set-up made hot after the set-up, taking turns with
	 * the work measured next unless it is waited for.
	 */
	static Duration awaitQuiet(long pid, Duration max) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + max.toNanos();
		while (pid > 0 && System.nanoTime() < deadline) {
			long before = processNanos(pid);
			Thread.sleep(500);
			if (processNanos(pid) - before < TimeUnit.MILLISECONDS.toNanos(50)) {
				break;
			}
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * The user and system CPU of every process whose command line contains
	 * {@code pattern} (this one excepted), in nanoseconds: a group such as a cluster's
	 * instances or PostgreSQL's backends. A process that ends meanwhile takes its share
	 * with it.
	 */
	static long matchingNanos(String pattern) {
		long self = ProcessHandle.current().pid();
		long total = 0;
		try (var entries = Files.list(Path.of("/proc"))) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
					continue;
				}
				try {
					String command = Files.readString(entry.resolve("cmdline")).replace('\0', ' ');
					if (command.contains(pattern)) {
						total += processNanos(Long.parseLong(name));
					}
				}
				catch (IOException ex) {
					// ended meanwhile
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		return total;
	}

	/**
	 * The machine's cores, all of them: a generator pinned to one core sees only that one
	 * through {@code availableProcessors}.
	 */
	static int machineCores() {
		try {
			return (int) Files.readAllLines(Path.of("/proc/stat"))
				.stream()
				.filter((line) -> line.matches("cpu\\d+ .*"))
				.count();
		}
		catch (IOException | RuntimeException ex) {
			return Runtime.getRuntime().availableProcessors();
		}
	}

	/**
	 * The machine's CPU time so far, all cores together, in nanoseconds: {busy, total}.
	 */
	static long[] machineNanos() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length && i <= 8; i++) {
				total += Long.parseLong(fields[i]);
			}
			// idle and iowait are fields 4 and 5 of the "cpu" line
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new long[] { (total - idle) * NANOS_PER_TICK, total * NANOS_PER_TICK };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

}
