package app.hisaab.db;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL as soon as the context begins to refresh, on a thread of its own, so
 * that unpacking it, {@code initdb} and its start overlap with Spring reading and creating the
 * application's beans instead of running after them; the data source waits for it ({@link #database()}).
 * Nothing starts when {@code DATABASE_URL} names an external database. If the context never gets to
 * use it, closing the context stops it all the same.
 */
final class EmbeddedDatabaseStart implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    static final String BEAN_NAME = "embeddedDatabaseStart";

    private volatile CompletableFuture<EmbeddedDatabase> started;
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // Bound as the properties bean will be, defaults included (bindOrCreate applies @DefaultValue).
        DatabaseProperties properties = Binder.get(environment).bindOrCreate("hisaab.db", DatabaseProperties.class);
        if (!properties.embedded()) {
            return;
        }
        CompletableFuture<EmbeddedDatabase> future = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        future.complete(EmbeddedDatabase.start(properties.dataDir(), properties.embeddedFsync()));
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                },
                "hisaab-embedded-postgres-start");
        starter.setDaemon(true);
        started = future;
        starter.start();
    }

    /** The embedded database once it runs, or {@code null} when an external one is configured. */
    EmbeddedDatabase database() {
        CompletableFuture<EmbeddedDatabase> future = started;
        if (future == null) {
            return null;
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void destroy() {
        CompletableFuture<EmbeddedDatabase> future = started;
        if (future != null) {
            future.thenAccept(EmbeddedDatabase::close).exceptionally(e -> null).join();
        }
    }
}
