package ec.gob.iess.clave.web;

import java.util.List;

/**
 * Pages another module serves to anyone on the web chain, declared as a bean only while they exist
 * (the development mailbox of the embedded default), so that the web chain stays closed otherwise.
 */
public interface PublicPages {

	List<String> paths();
}
