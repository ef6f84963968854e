package org.headend.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a store lends its connections to the parts that keep their own tables beside the readings
 * (field checks, the meter archive), so they share its writer discipline (SQLite: the one writer
 * connection under its lock): writes committed, rolled back on failure; reads on a reader.
 */
interface StoreTransactions {

    /** Work on a connection inside one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T write(String what, Work<T> work);

    <T> T read(String what, Work<T> work);
}
