package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/** The logging configuration that ships in the ./ecg jar. */
class LoggingConfigTest {

  @Test
  void shippedConfigParsesAndKeepsKafkaAndFlinkInternalsAtWarnOrQuieter() throws Exception {
    Document config;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("log4j2.xml")) {
      assertThat(in).as("log4j2.xml on the class path").isNotNull();
      config = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    NodeList loggers = config.getElementsByTagName("Logger");
    int checked = 0;
    for (int i = 0; i < loggers.getLength(); i++) {
      Element logger = (Element) loggers.item(i);
      String name = logger.getAttribute("name");
      if (name.startsWith("org.apache.kafka") || name.startsWith("org.apache.flink") || name.equals("kafka")) {
        assertThat(logger.getAttribute("level")).as(name).isIn("WARN", "ERROR");
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
    Element root = (Element) config.getElementsByTagName("Root").item(0);
    assertThat(root.getAttribute("level")).isIn("WARN", "ERROR");
  }
}
