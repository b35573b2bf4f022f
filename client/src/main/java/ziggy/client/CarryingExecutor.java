package ziggy.client;

import java.util.concurrent.Executor;

/** {@link Ziggy#wrap(Executor)}: each task carries the contexts current where it was submitted. */
final class CarryingExecutor implements Executor {
    private final Executor delegate;

    CarryingExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(Ziggy.wrap(task));
    }
}
