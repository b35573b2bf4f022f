package ziggy.daemon.reload;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * SIGHUP reloads, as daemons have done since inetd: {@code systemctl reload ziggyd} (the unit's
 * ExecReload) and {@code kill -HUP}. The JDK's only hook for a signal is {@code sun.misc.Signal} (module
 * jdk.unsupported, kept for exactly this use). It is reached by reflection because javac warns of any
 * direct use and the build takes warnings as errors. The reload runs on the JDK's signal thread and its
 * outcome goes to the log, as there is no one to answer.
 */
public final class ReloadSignal {
    private static final Logger LOG = System.getLogger(ReloadSignal.class.getName());

    private ReloadSignal() {
    }

    /** From now on SIGHUP reloads {@code reconfiguration}; the reload logs what it did. */
    public static void install(Reconfiguration reconfiguration) {
        Runnable reload = () -> {
            LOG.log(Level.INFO, "SIGHUP: reloading the configuration");
            try {
                reconfiguration.reload();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "SIGHUP: the reload failed", e);
            }
        };
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(ReloadSignal.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("handle")) {
                            reload.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == arguments[0];
                            default -> "SIGHUP reload";
                        };
                    });
            Object hangUp = signalClass.getConstructor(String.class).newInstance("HUP");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hangUp, handler);
        } catch (InvocationTargetException e) {
            // A JVM started with -Xrs, or a platform without SIGHUP: RELOAD still works.
            LOG.log(Level.WARNING, "SIGHUP cannot be handled here (" + e.getCause() + "); use ziggyctl reload");
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "this JDK has no sun.misc.Signal (" + e + "): SIGHUP does not reload; use ziggyctl reload");
        }
    }
}
