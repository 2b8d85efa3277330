package org.piranha.lvsd;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.piranha.nanny.StartCheck;

/**
 * {@link StartProbe} with nanny's own check ({@link StartCheck}), on a few threads of its own:
 * each check blocks for up to its service's timeout, so they run in parallel, and the results
 * are handed to the event loop.
 */
final class NannyCheckProbe implements StartProbe {

    /** Checks at once; more wait for a free thread. Idle threads end after a few seconds. */
    private static final int THREADS = 32;

    private final Executor loop;
    private final ThreadPoolExecutor workers;

    NannyCheckProbe(Executor loop) {
        this.loop = loop;
        this.workers = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "lvsd-start-check");
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public void probe(List<String> nannyArgv, Consumer<Result> done) {
        workers.execute(() -> StartCheck.run(nannyArgv.subList(1, nannyArgv.size())).ifPresent(result ->
                loop.execute(() -> done.accept(new Result(result.passed(), result.reason())))));
    }
}
