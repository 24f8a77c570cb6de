package org.ecgstream.flink.models;

import org.ecgstream.flink.inference.ModelWindow;

/** A model window and the one model version (and stage) that is to label it (a Flink POJO). */
public class RoutedWindow {
  public ModelWindow window;
  public ModelRoute route;

  public RoutedWindow() {}

  public RoutedWindow(ModelWindow window, ModelRoute route) {
    this.window = window;
    this.route = route;
  }

  @Override
  public String toString() {
    return window + " -> " + route;
  }
}
