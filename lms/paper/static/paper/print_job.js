// Polls the job's JSON status and updates the progress bar; without JS the page refreshes itself.
(function () {
  "use strict";
  var root = document.getElementById("print-job");
  if (!root || root.dataset.finished === "1") { return; }
  function update(data) {
    document.getElementById("job-status").textContent = data.status_label;
    document.getElementById("job-progress").value = data.percent;
    document.getElementById("job-percent").textContent = data.percent;
    document.getElementById("job-done").textContent = data.done;
    document.getElementById("job-total").textContent = data.total;
    if (data.error) {
      var error = document.getElementById("job-error");
      error.textContent = data.error;
      error.hidden = false;
    }
    if (data.download_url) {
      var link = document.getElementById("job-download");
      link.href = data.download_url;
      link.hidden = false;
    }
    if (data.finished) {
      var cancel = document.getElementById("job-cancel");
      if (cancel) { cancel.hidden = true; }
    }
    return data.finished;
  }
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!update(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
