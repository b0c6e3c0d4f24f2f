package dev.jobqueue.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a list, fetched a page at a time as the iteration reaches it; each iteration starts
 * again from the first page.
 */
public final class Paging<T> implements Iterable<T> {
  private final Function<String, Page<T>> fetch;

  Paging(Function<String, Page<T>> fetch) {
    this.fetch = fetch;
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Iterator<T> items = null;
      private String token = null;
      private boolean last = false;

      @Override
      public boolean hasNext() {
        while (items == null || !items.hasNext()) {
          if (last) {
            return false;
          }
          Page<T> page = fetch.apply(token);
          items = page.items().iterator();
          token = page.nextPageToken();
          last = page.last();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return items.next();
      }
    };
  }

  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
  }
}
