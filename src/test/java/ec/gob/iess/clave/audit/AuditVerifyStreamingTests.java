package ec.gob.iess.clave.audit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit verify} streams: PostgreSQL's driver keeps a cursor open and fetches rows a few hundred at a
 * time only when the statement has a fetch size and the connection is not in autocommit (otherwise it reads
 * the whole result into memory first). A million rows are too slow for the build (bench/audit.sh verifies
 * them with a small heap), so this checks the two conditions on the statement that walks the log, with
 * {@link AuditLog} behind the same transaction advice as in the application.
 */
class AuditVerifyStreamingTests {

	/** What was true when a statement was executed: the fetch size it was given, and its connection's autocommit. */
	record Execution(String sql, int fetchSize, boolean autoCommit) {
	}

	@Test
	void theWalkOverTheLogRunsWithAFetchSizeInsideATransaction() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
		List<Execution> executions = new ArrayList<>();
		DataSource recording = recording(h2, executions);
		AuditLog audit = transactional(new AuditLog(JdbcClient.create(recording), recording, Clock.systemUTC()),
				new DataSourceTransactionManager(recording));
		for (int i = 0; i < 20; i++) {
			audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, new Origin("anonymous", Channel.API, null), null);
		}
		executions.clear();

		AuditLog.ChainVerification verification = audit.verify();

		assertThat(verification.intact()).as(verification.problem()).isTrue();
		assertThat(verification.entries()).isEqualTo(20);
		assertThat(executions).filteredOn(execution -> execution.sql().contains("from audit_events"))
			.singleElement()
			.satisfies(walk -> {
				assertThat(walk.fetchSize()).isBetween(100, 5000);
				assertThat(walk.autoCommit()).isFalse();
			});
	}

	/** The log with {@code @Transactional} honoured, as the application's proxy does. */
	static AuditLog transactional(AuditLog target, DataSourceTransactionManager transactions) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvice(new TransactionInterceptor(transactions, new AnnotationTransactionAttributeSource()));
		return (AuditLog) factory.getProxy();
	}

	/** Notes, for every statement executed, its fetch size and whether its connection was in autocommit. */
	static DataSource recording(JdbcDataSource target, List<Execution> executions) {
		return (DataSource) Proxy.newProxyInstance(AuditVerifyStreamingTests.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = invoke(target, method, args);
					return result instanceof Connection connection ? wrap(connection, executions) : result;
				});
	}

	private static Connection wrap(Connection connection, List<Execution> executions) {
		return (Connection) Proxy.newProxyInstance(AuditVerifyStreamingTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					Object result = invoke(connection, method, args);
					if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
						return watch(statement, PreparedStatement.class, sql, connection, executions);
					}
					return result instanceof Statement statement
							? watch(statement, Statement.class, null, connection, executions) : result;
				});
	}

	private static Object watch(Statement statement, Class<?> type, String prepared, Connection connection,
			List<Execution> executions) {
		// The size asked for, not getFetchSize(): a driver may answer its own default (H2 says 100).
		int[] asked = new int[1];
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getName().equals("setFetchSize")) {
				asked[0] = (Integer) args[0];
			}
			if (method.getName().startsWith("execute")) {
				String sql = prepared != null ? prepared : args != null && args[0] instanceof String given ? given : "";
				executions.add(new Execution(sql, asked[0], connection.getAutoCommit()));
			}
			return invoke(statement, method, args);
		};
		return Proxy.newProxyInstance(AuditVerifyStreamingTests.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}
}
