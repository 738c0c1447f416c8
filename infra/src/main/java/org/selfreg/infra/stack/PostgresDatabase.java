package org.selfreg.infra.stack;

/**
 * A PostgreSQL database and the account that owns it, as a JDBC client (the Conductor server) reaches it.
 *
 * <p>{@link #toString()} never prints the password, so it can be logged.
 *
 * @param host     the server's address
 * @param port     the server's port
 * @param name     the database
 * @param user     the login role
 * @param password the role's password
 */
public record PostgresDatabase(String host, int port, String name, String user, String password) {

    /** {@code jdbc:postgresql://host:port/name}, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + jdbcUrl() + ", user=" + user + ", password=***]";
    }
}
