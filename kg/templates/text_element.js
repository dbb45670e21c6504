{# el(): the one way the offline pages put text in; no newline at the end: the including line ends it. #}// Every name and sentence comes from scraped text: it only ever reaches the page through textContent.
  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }