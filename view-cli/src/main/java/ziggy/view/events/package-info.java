/**
 * What ziggyview does to each event, whatever its source: keep it or not ({@link
 * ziggy.view.events.TypeFilter}, {@link ziggy.processor.FieldCondition}, shared with the drop processor), hold sub-events until
 * their parent comes ({@link ziggy.view.events.Grouper}), stop after a number ({@link
 * ziggy.view.events.EventPipeline}), and print it as relaxed Extended JSON ({@link
 * ziggy.view.events.JsonPrinter}).
 *
 * <p>Events stay in their BSON bytes ({@link org.bson.RawBsonDocument}) until printed: filters read
 * only the fields they name. Nothing here holds more than the grouper's bound of events.
 */
package ziggy.view.events;
